"""Free TCP ports on the loopback interface for the servers a test or a launcher starts.

A port the OS hands out for ``bind(0)`` comes from the ephemeral range, the same range it draws
the source ports of outgoing connections from; between choosing such a port and the server
binding it, any client connection (Kafka, PostgreSQL, HTTP) may take it, and so may a concurrent
test run choosing its own. So ports come from below the ephemeral range, and each one handed out
is held by a lock file for the life of this process: no two test runs on the machine, and no two
calls in one process, get the same port."""

from __future__ import annotations

import fcntl
import os
import random
import socket
import tempfile
from pathlib import Path
from typing import IO

LOWEST, HIGHEST = 20_000, 32_000  # Linux's ephemeral range starts at 32768
_LOCKS = Path(tempfile.gettempdir()) / "carecoord-ports"
_held: dict[int, IO[bytes]] = {}


def free_port() -> int:
    """A TCP port on 127.0.0.1, free now and reserved for this process until it exits."""
    _LOCKS.mkdir(exist_ok=True)
    for port in random.sample(range(LOWEST, HIGHEST), HIGHEST - LOWEST):
        if port in _held or not _bindable(port):
            continue
        lock = (_LOCKS / str(port)).open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        os.set_inheritable(lock.fileno(), False)
        _held[port] = lock
        return port
    raise RuntimeError(f"no free TCP port between {LOWEST} and {HIGHEST}")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
