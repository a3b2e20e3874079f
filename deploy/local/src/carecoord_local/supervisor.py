"""`carecoord-run` (what `make run` calls): the whole system on one machine, no Docker.

Starts PostgreSQL 18 (one database per service), a Kafka 4 broker, the four services, the web console
and the FHIR R4 facade in development mode; prints where everything listens; waits. Ctrl-C (SIGINT) or SIGTERM stops the services, then Kafka,
then PostgreSQL. If a service, the broker or the database dies, its log tail is printed, everything else is
stopped and the exit status is 1. State lives in `<repo>/var` (or `$CARECOORD_VAR_DIR`) and survives restarts.

Environment (all optional):
  CARECOORD_VAR_DIR                  state folder (default <repo>/var)
  CARECOORD_PG_PORT                  embedded PostgreSQL port (default 5432)
  DATABASE_URL                       use this PostgreSQL server instead; its database name is replaced by
                                     carecoord_<service>
  CARECOORD_KAFKA_PORT               broker port (default 9092)
  CARECOORD_KAFKA_CONTROLLER_PORT    KRaft controller port (default 9093)
  KAFKA_BOOTSTRAP_SERVERS            use this Kafka cluster instead of starting one
  CARECOORD_<SERVICE>_PORT           e.g. CARECOORD_REFERRALS_PORT (defaults 8001-8004)
  CARECOORD_CONSOLE_PORT             the web console's port (default 8000)
  CARECOORD_FHIR_PORT                the FHIR R4 base's port (default 8005)
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import shlex
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import psutil
from carecoord.dev_keys import ensure_dev_keypair

from carecoord_local._proc import is_gone, matching_process, tail, terminate_group, wait_gone
from carecoord_local.kafka import KafkaBroker
from carecoord_local.postgres import PostgresServer
from carecoord_local.services import DEFAULT_PORTS, ServiceProcess
from carecoord_local.tokens import var_dir

HOST = "127.0.0.1"
SERVICES = tuple(DEFAULT_PORTS)
CONSOLE = "console"
CONSOLE_PORT = 8000
FHIR = "fhir"
FHIR_PORT = 8005
DATABASES = {name: f"carecoord_{name}" for name in SERVICES}
SERVICE_READY_TIMEOUT = 120.0
WATCH_INTERVAL = 0.5


class SetupError(Exception):
    """A problem the user fixes (a taken port, a bad setting): printed without a traceback."""


class _Stop(BaseException):
    """Raised from the signal handler in the main thread so startup can be interrupted too."""

    def __init__(self, signame: str) -> None:
        super().__init__(signame)
        self.signame = signame


class _Died(Exception):
    """A component exited on its own while the system was running."""


def _say(message: str = "") -> None:
    print(message, flush=True)


# ------------------------------------------------------------------ configuration


@dataclass(frozen=True)
class Port:
    value: int
    env_var: str
    what: str


@dataclass(frozen=True)
class Config:
    var_dir: Path
    pg_port: Port
    database_url: str | None
    """An external server from DATABASE_URL (then no embedded PostgreSQL is started)."""
    kafka_port: Port
    kafka_controller_port: Port
    kafka_bootstrap: str | None
    """An external cluster from KAFKA_BOOTSTRAP_SERVERS (then no broker is started)."""
    service_ports: dict[str, Port]
    console_port: Port
    fhir_port: Port

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Config:
        def port(env_var: str, default: int, what: str) -> Port:
            raw = env.get(env_var, "").strip()
            if not raw:
                return Port(default, env_var, what)
            try:
                value = int(raw)
            except ValueError:
                raise SetupError(f"{env_var}={raw!r} is not a port number") from None
            if not 0 < value < 65536:
                raise SetupError(f"{env_var}={value} is not a port number (1-65535)")
            return Port(value, env_var, what)

        return cls(
            var_dir=var_dir(env),
            pg_port=port("CARECOORD_PG_PORT", 5432, "PostgreSQL"),
            database_url=env.get("DATABASE_URL") or None,
            kafka_port=port("CARECOORD_KAFKA_PORT", 9092, "Kafka broker"),
            kafka_controller_port=port("CARECOORD_KAFKA_CONTROLLER_PORT", 9093, "Kafka controller"),
            kafka_bootstrap=env.get("KAFKA_BOOTSTRAP_SERVERS") or None,
            service_ports={
                name: port(f"CARECOORD_{name.upper()}_PORT", default, f"{name} service")
                for name, default in DEFAULT_PORTS.items()
            },
            console_port=port("CARECOORD_CONSOLE_PORT", CONSOLE_PORT, "web console"),
            fhir_port=port("CARECOORD_FHIR_PORT", FHIR_PORT, "FHIR R4 base"),
        )

    @property
    def ports_to_bind(self) -> list[Port]:
        ports = []
        if self.database_url is None:
            ports.append(self.pg_port)
        if self.kafka_bootstrap is None:
            ports += [self.kafka_port, self.kafka_controller_port]
        return [*ports, *self.service_ports.values(), self.console_port, self.fhir_port]

    @property
    def postgres_dir(self) -> Path:
        return self.var_dir / "postgres"

    @property
    def kafka_dir(self) -> Path:
        return self.var_dir / "kafka"

    @property
    def keys_dir(self) -> Path:
        return self.var_dir / "dev-keys"

    @property
    def logs_dir(self) -> Path:
        return self.var_dir / "logs"

    @property
    def run_dir(self) -> Path:
        return self.var_dir / "run"


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is fine
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
    return False


def check_ports(config: Config) -> None:
    """Fail before starting anything if two settings share a port or a port is already taken."""
    seen: dict[int, Port] = {}
    for port in config.ports_to_bind:
        if port.value in seen:
            other = seen[port.value]
            raise SetupError(
                f"port {port.value} is configured for both the {other.what} ({other.env_var}) "
                f"and the {port.what} ({port.env_var}); set one of them to another port"
            )
        seen[port.value] = port
    taken = [port for port in config.ports_to_bind if _port_taken(port.value)]
    if taken:
        lines = [
            f"  port {p.value} ({p.what}) is already in use: stop what listens there, "
            f"or choose another port with {p.env_var}=<port>"
            for p in taken
        ]
        hint = "  (is another `make run` still running?  `ss -ltnp` shows who listens)"
        raise SetupError("cannot start, ports are taken:\n" + "\n".join(lines) + "\n" + hint)


def _service_urls(database_url: str) -> dict[str, str]:
    """One SQLAlchemy asyncpg URL per service: `database_url` with its database name replaced."""
    parts = urlsplit(database_url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise SetupError(f"DATABASE_URL must be a postgresql:// URL, got scheme {parts.scheme!r}")
    return {
        name: urlunsplit(parts._replace(scheme="postgresql+asyncpg", path=f"/{database}"))
        for name, database in DATABASES.items()
    }


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


async def _create_external_databases(admin_url: str) -> None:
    import asyncpg  # a dependency of the shared library

    parts = urlsplit(admin_url)
    connection = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql")))
    try:
        for database in DATABASES.values():
            if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
                await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()


# ------------------------------------------------------------------ leftovers from a killed run


def _service_pid_file(config: Config, name: str) -> Path:
    return config.run_dir / f"{name}.pid"


def _stale_service(config: Config, name: str) -> psutil.Process | None:
    try:
        proc = psutil.Process(int(_service_pid_file(config, name).read_text().split()[0]))
        if not is_gone(proc) and proc.cmdline()[-2:] == ["-m", name]:
            return proc
    except (OSError, ValueError, IndexError, psutil.Error):
        pass
    return None


def take_var_dir_lock(config: Config) -> IO[str]:
    """Hold an exclusive lock on the state folder for this run (released by the OS even on SIGKILL).

    A second `carecoord-run` on the same folder fails here instead of treating the first one's servers as
    leftovers; with the lock held, anything found running from this folder is a leftover.
    """
    config.run_dir.mkdir(parents=True, exist_ok=True)
    lock_path = config.run_dir / "carecoord-run.lock"
    lock = open(lock_path, "a+")  # held until the process exits
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "?"
        lock.close()
        raise SetupError(
            f"another carecoord-run (pid {holder}) is already running with the state folder "
            f"{_show(config.var_dir)}; stop it first (Ctrl-C in its terminal, or kill -INT {holder}), "
            "or give this one its own folder with CARECOORD_VAR_DIR=<dir> and other ports"
        ) from None
    lock.truncate(0)
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def stop_leftovers(config: Config) -> None:
    """Stop servers an earlier run left behind (it was SIGKILLed), so their ports are free again."""
    for name in (*SERVICES, CONSOLE):
        stale = _stale_service(config, name)
        if stale is not None:
            _say(f"Stopping the {name} service an earlier run left running (pid {stale.pid}).")
            terminate_group(stale.pid, 20)
        _service_pid_file(config, name).unlink(missing_ok=True)
    broker = matching_process(config.kafka_dir / "broker.pid", str(config.kafka_dir / "server.properties"))
    if broker is not None:
        _say(f"Stopping the Kafka broker an earlier run left running (pid {broker.pid}).")
        terminate_group(broker.pid, 20)
    pgdata = config.postgres_dir / "pgdata"
    postmaster = matching_process(pgdata / "postmaster.pid", str(pgdata))
    if postmaster is not None:
        _say(f"Stopping the PostgreSQL server an earlier run left running (pid {postmaster.pid}).")
        family = [postmaster, *postmaster.children(recursive=True)]
        postmaster.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
        for leftover in wait_gone(family, 30):
            leftover.kill()


# ------------------------------------------------------------------ the running system


class _Service(ServiceProcess):
    """A ServiceProcess that also reports whether it is still running."""

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def exit_code(self) -> int | None:
        process = self._process
        return process.poll() if process is not None else None


class System:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.postgres: PostgresServer | None = None
        self.broker: KafkaBroker | None = None
        self.services: dict[str, _Service] = {}
        self.database_urls: dict[str, str] = {}
        self.kafka_bootstrap = ""
        self.public_key: Path | None = None
        self.private_key: Path | None = None

    # ---- start

    def start(self) -> None:
        started = time.monotonic()
        # an unreachable external broker fails the run before anything starts
        if self.config.kafka_bootstrap is not None:
            self._start_kafka()
        self._start_postgres()
        if self.config.kafka_bootstrap is None:
            self._start_kafka()
        self._step("Dev key pair", lambda: self._make_keys(), f"in {_show(self.config.keys_dir)}")
        self._start_services()
        _say(f"All up in {time.monotonic() - started:.1f}s.")

    def _step(self, what: str, action: Callable[[], None], detail: str = "") -> None:
        print(f"  {what:<22}", end="", flush=True)
        began = time.monotonic()
        action()
        _say(f" ready in {time.monotonic() - began:4.1f}s   {detail}")

    def _start_postgres(self) -> None:
        config = self.config
        if config.database_url is not None:
            self.database_urls = _service_urls(config.database_url)

            def create() -> None:
                asyncio.run(_create_external_databases(config.database_url or ""))

            self._step("PostgreSQL (external)", create, _redact(config.database_url))
            return
        server = PostgresServer(config.postgres_dir, config.pg_port.value, startup_timeout=90)

        def start() -> None:
            self.postgres = server  # set first: stop() must run even if start() is interrupted
            server.start()
            for database in DATABASES.values():
                server.create_database(database)

        self._step("PostgreSQL", start, f"{HOST}:{server.port}")
        self.database_urls = {name: server.url(database) for name, database in DATABASES.items()}

    def _start_kafka(self) -> None:
        config = self.config
        if config.kafka_bootstrap is not None:
            self.kafka_bootstrap = config.kafka_bootstrap

            def probe() -> None:  # a TCP connection only: the cluster may use TLS or SASL
                errors = []
                for server in (config.kafka_bootstrap or "").split(","):
                    host, _, port = server.strip().rpartition(":")
                    try:
                        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
                        return
                    except (OSError, ValueError) as exc:
                        errors.append(f"{server.strip()}: {exc}")
                raise SetupError(
                    f"KAFKA_BOOTSTRAP_SERVERS={config.kafka_bootstrap} is not reachable ({'; '.join(errors)})"
                )

            self._step("Kafka (external)", probe, config.kafka_bootstrap)
            return
        broker = KafkaBroker(
            config.kafka_dir, config.kafka_port.value, config.kafka_controller_port.value, startup_timeout=90
        )

        def start() -> None:
            self.broker = broker
            broker.start()

        self._step("Kafka", start, broker.bootstrap_servers)
        self.kafka_bootstrap = broker.bootstrap_servers

    def _make_keys(self) -> None:
        self.private_key, self.public_key = ensure_dev_keypair(self.config.keys_dir)

    def _start_services(self) -> None:
        config = self.config
        config.run_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        for name in SERVICES:
            env = {
                "ENVIRONMENT": "development",
                "DATABASE_URL": self.database_urls[name],
                "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
                "JWT_DEV_PUBLIC_KEY_PATH": str(self.public_key),
                "WEBHOOK_ALLOW_INSECURE_TARGETS": "true",
                "HOST": HOST,
                "CONSUMER_GROUP": f"carecoord-{name}",
            }
            log_path = config.logs_dir / f"{name}.log"
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(log_path, "a") as log:
                log.write(f"\n{LOG_MARKER} {name} at {stamp} =====\n")
            self.services[name] = _Service(name, config.service_ports[name].value, env, log_path)
        self.services[CONSOLE] = self._console(stamp)
        self.services[FHIR] = self._fhir(stamp)

        def start() -> None:
            for name, service in self.services.items():
                service.start()
                _service_pid_file(config, name).write_text(f"{service.pid}\n")
            for service in self.services.values():
                service.wait_ready(SERVICE_READY_TIMEOUT)

        self._step("Services", start, ", ".join(f"{n} :{s.port}" for n, s in self.services.items()))

    def _console(self, stamp: str) -> _Service:
        """The web console: it calls the services' APIs and signs people in with the dev key pair."""
        env = {
            "ENVIRONMENT": "development",
            "JWT_DEV_PRIVATE_KEY_PATH": str(self.private_key),
            "HOST": HOST,
            **{
                f"{name.upper()}_URL": f"http://{HOST}:{self.config.service_ports[name].value}"
                for name in SERVICES
            },
        }
        log_path = self.config.logs_dir / f"{CONSOLE}.log"
        with open(log_path, "a") as log:
            log.write(f"\n{LOG_MARKER} {CONSOLE} at {stamp} =====\n")
        return _Service(CONSOLE, self.config.console_port.value, env, log_path)

    def _fhir(self, stamp: str) -> _Service:
        """The FHIR R4 facade: it calls the services' APIs with each caller's own token."""
        env = {
            "ENVIRONMENT": "development",
            "HOST": HOST,
            **{
                f"{name.upper()}_URL": f"http://{HOST}:{self.config.service_ports[name].value}"
                for name in SERVICES
            },
        }
        log_path = self.config.logs_dir / f"{FHIR}.log"
        with open(log_path, "a") as log:
            log.write(f"\n{LOG_MARKER} {FHIR} at {stamp} =====\n")
        return _Service(FHIR, self.config.fhir_port.value, env, log_path)

    # ---- run

    def watch(self) -> None:
        """Return never; raise _Died when a service, the broker or the database exits on its own."""
        while True:
            for name, service in self.services.items():
                code = service.exit_code()
                if code is not None:
                    log = self.config.logs_dir / f"{name}.log"
                    raise _Died(
                        f"The {name} service {_how_it_ended(code)}. Last lines of {_show(log)}:\n"
                        f"{_run_log_tail(log)}"
                    )
            if self.broker is not None and self.broker.pid is None:
                raise _Died(
                    f"Kafka exited. Last lines of {_show(self.broker.server_log)}:\n{tail(self.broker.server_log)}"
                )
            if self.postgres is not None and not _alive(self.postgres.pid):
                raise _Died(
                    f"PostgreSQL exited. Last lines of {_show(self.postgres.log_file)}:\n"
                    f"{tail(self.postgres.log_file)}"
                )
            time.sleep(WATCH_INTERVAL)

    # ---- stop

    def stop(self) -> bool:
        """Services (in parallel), then Kafka, then PostgreSQL; False if nothing had been started."""
        errors: list[str] = []

        def stop_services() -> None:
            threads = [threading.Thread(target=s.stop, name=f"stop-{n}") for n, s in self.services.items()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for name in self.services:
                _service_pid_file(self.config, name).unlink(missing_ok=True)

        steps: list[tuple[str, Callable[[], None]]] = []
        if self.services:
            steps.append(("Services", stop_services))
        if self.broker is not None:
            steps.append(("Kafka", self.broker.stop))
        if self.postgres is not None:
            steps.append(("PostgreSQL", self.postgres.stop))
        for what, stop in steps:
            print(f"  {what:<22}", end="", flush=True)
            began = time.monotonic()
            try:
                stop()
            except Exception as exc:  # keep going: PostgreSQL must still be stopped if Kafka misbehaves
                _say(" FAILED")
                errors.append(f"stopping {what}: {exc}")
            else:
                _say(f" stopped in {time.monotonic() - began:4.1f}s")
        if errors:
            raise RuntimeError("; ".join(errors))
        return bool(steps)

    # ---- banner

    def banner(self) -> str:
        config = self.config
        rows = [("service", "URL", "API docs", "log")]
        for name in SERVICES:
            url = self.services[name].url
            rows.append((name, url, f"{url}/docs", _show(config.logs_dir / f"{name}.log")))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        table = [
            "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        table.insert(1, "  " + "  ".join("-" * width for width in widths))

        if self.broker is not None:
            kafka = (
                f"{self.kafka_bootstrap}   (data {_show(config.kafka_dir)}, "
                f"log {_show(self.broker.server_log)})"
            )
        else:
            kafka = f"{self.kafka_bootstrap}   (external, KAFKA_BOOTSTRAP_SERVERS)"
        if self.postgres is not None:
            database = (
                f"postgresql://postgres@{HOST}:{self.postgres.port}/<database>   "
                f"(data {_show(config.postgres_dir)}, log {_show(self.postgres.log_file)})"
            )
        else:
            database = f"{_redact(config.database_url or '')} with the database name replaced   (external)"
        env_prefix = ""
        if os.environ.get("CARECOORD_VAR_DIR"):
            env_prefix = f"CARECOORD_VAR_DIR={shlex.quote(str(config.var_dir))} "
        referrals = self.services["referrals"].url
        console = self.services[CONSOLE].url
        lines = [
            "",
            "CareCoord is running (ENVIRONMENT=development).",
            "",
            f"  Web console  {console}   (sign in as anyone, e.g. front-desk / Clinic admin / clinic-1;",
            f"               log {_show(config.logs_dir / f'{CONSOLE}.log')})",
            f"  FHIR R4      {self.services[FHIR].url}   (base URL; capabilities at /metadata,",
            f"               log {_show(config.logs_dir / f'{FHIR}.log')})",
            "",
            *table,
            "",
            f"  Kafka        {kafka}",
            f"  PostgreSQL   {database}",
            f"  databases    {', '.join(DATABASES.values())}",
            f"  dev keys     {_show(config.keys_dir)}",
            "",
            "  Mint a token (roles: physician, chiropractor, physical_therapist, massage_therapist,",
            "  scheduler, admin, integrator):",
            f"    TOKEN=$({env_prefix}uv run carecoord-token --role physician --clinic clinic-1 --subject dr-1)",
            f'    curl -H "Authorization: Bearer $TOKEN" {referrals}/referrals/<id>',
            "",
            "Press Ctrl-C to stop everything.",
            "",
        ]
        return "\n".join(lines)


LOG_MARKER = "===== carecoord-run starting"


def _run_log_tail(path: Path, lines: int = 30) -> str:
    """The last lines a service logged during this run (its log file is appended to across runs)."""
    text = tail(path, 2000)
    start = text.rfind(LOG_MARKER)
    if start != -1:
        text = text[start:].split("\n", 1)[-1]
    return "\n".join(text.splitlines()[-lines:]) or "<nothing logged>"


def _how_it_ended(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        return not is_gone(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return False


def _show(path: Path) -> str:
    """`path` relative to the working directory when it is below it (shorter to read), else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------ signals and main


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    _shutting_down()
    raise _Stop(signal.Signals(signum).name)


_shutdown_began = 0.0


def _note_signal(signum: int, frame: FrameType | None) -> None:
    # The same Ctrl-C often arrives twice (from the terminal and forwarded by `uv run`): stay quiet at first.
    if time.monotonic() - _shutdown_began > 1.0:
        os.write(2, b"\nStill stopping cleanly, please wait...\n")


def _shutting_down() -> None:
    """From now on a further Ctrl-C does not interrupt the orderly shutdown."""
    global _shutdown_began
    _shutdown_began = time.monotonic()
    signal.signal(signal.SIGINT, _note_signal)
    signal.signal(signal.SIGTERM, _note_signal)


def _interrupted_by(exc: BaseException) -> str | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, _Stop):
            return current.signame
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def run(env: Mapping[str, str]) -> int:
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    system: System | None = None
    lock: IO[str] | None = None
    status = 0
    try:
        config = Config.from_env(env)
        lock = take_var_dir_lock(config)
        stop_leftovers(config)
        check_ports(config)
        _say(f"Starting CareCoord (state in {_show(config.var_dir)}):")
        system = System(config)
        system.start()
        _say(system.banner())
        system.watch()
    except _Stop as stop:
        _say(f"\nReceived {stop.signame}, stopping...")
    except SetupError as exc:
        _shutting_down()
        _say(f"\ncarecoord-run: {exc}")
        status = 1
    except _Died as exc:
        _shutting_down()
        _say(f"\ncarecoord-run: {exc}\n\nStopping everything else...")
        status = 1
    except Exception as exc:
        _shutting_down()
        signame = _interrupted_by(exc)
        if signame is not None:  # a launcher turned our _Stop into its own error while cleaning up
            _say(f"\nReceived {signame}, stopping...")
        else:
            _say(f"\ncarecoord-run: startup failed: {exc}\n\nStopping what was started...")
            status = 1
    if system is not None:
        began = time.monotonic()
        try:
            if system.stop():
                _say(f"Stopped in {time.monotonic() - began:.1f}s.")
        except Exception as exc:
            _say(f"carecoord-run: {exc}")
            status = 1
    if lock is not None:
        lock.close()
    return status


def main() -> None:
    sys.exit(run(os.environ))


if __name__ == "__main__":
    main()
