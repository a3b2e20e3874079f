"""Small process helpers shared by the server launchers."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil


def tail(path: Path, lines: int = 40) -> str:
    """The last `lines` lines of a text file, or a note that it does not exist."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"<{path} not readable>"
    return "\n".join(text.splitlines()[-lines:])


def terminate_group(pid: int, timeout: float) -> None:
    """SIGTERM the process group led by `pid`, wait up to `timeout` s for the leader, then SIGKILL the group.

    Also waits for every other member of the group to be gone, so nothing is left behind.
    """
    try:
        leader = psutil.Process(pid)
        members = [leader, *leader.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        alive = wait_gone(members, timeout if sig == signal.SIGTERM else 5)
        if not alive:
            return
    raise RuntimeError(f"processes survived SIGKILL: {[p.pid for p in alive]}")


def is_gone(proc: psutil.Process) -> bool:
    """True once the process has exited (a zombie waiting for its parent, e.g. pid 1, counts as exited)."""
    try:
        return bool(proc.status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def wait_gone(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait up to `timeout` s for all `procs` to exit; returns the ones still alive."""
    deadline = time.monotonic() + timeout
    alive = [p for p in procs if not is_gone(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.02)
        alive = [p for p in alive if not is_gone(p)]
    return alive


def matching_process(pid_file: Path, marker: str) -> psutil.Process | None:
    """The live process whose pid is in `pid_file` if its command line contains `marker` (a stale server)."""
    try:
        pid = int(pid_file.read_text().split()[0])
        proc = psutil.Process(pid)
        if proc.status() != psutil.STATUS_ZOMBIE and any(marker in arg for arg in proc.cmdline()):
            return proc
    except (OSError, ValueError, IndexError, psutil.Error):
        pass
    return None
