"""A real single-node Apache Kafka 4.x broker (KRaft, combined broker+controller) as a JVM subprocess.

The jars come from Maven Central through `deploy/kafka/pom.xml` (`mvn dependency:copy-dependencies`) and are
cached under `var/cache/kafka-<version>/lib` of the repository (or `$CARECOORD_CACHE/kafka-<version>/lib`).
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import IO

from carecoord_local._proc import matching_process, tail, terminate_group
from carecoord_local.kafka_wire import ApiVersions, api_versions

REPO_ROOT = Path(__file__).resolve().parents[4]
KAFKA_DEPLOY_DIR = REPO_ROOT / "deploy" / "kafka"
POM = KAFKA_DEPLOY_DIR / "pom.xml"
LOG4J2_CONFIG = KAFKA_DEPLOY_DIR / "log4j2.xml"
HOST = "127.0.0.1"


def kafka_version() -> str:
    """The Kafka version pinned in deploy/kafka/pom.xml, e.g. "4.1.1"."""
    match = re.search(r"<kafka\.version>\s*([^<\s]+)\s*</kafka\.version>", POM.read_text())
    if match is None:
        raise RuntimeError(f"no <kafka.version> in {POM}")
    return match.group(1)


def cache_dir() -> Path:
    """Where downloaded artifacts live: $CARECOORD_CACHE, else <repo>/var/cache."""
    env = os.environ.get("CARECOORD_CACHE")
    return Path(env) if env else REPO_ROOT / "var" / "cache"


def ensure_jars() -> Path:
    """Resolve the broker's runtime classpath with Maven once and return the cached lib folder.

    A marker holding the pom's hash is written only after a complete download, so an interrupted download
    (or an edited pom) is redone. A file lock keeps concurrent callers from downloading twice.
    """
    home = cache_dir() / f"kafka-{kafka_version()}"
    lib, marker = home / "lib", home / "complete.sha256"
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    if marker.is_file() and marker.read_text().strip() == digest:
        return lib
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file() and marker.read_text().strip() == digest:
            return lib
        marker.unlink(missing_ok=True)
        shutil.rmtree(lib, ignore_errors=True)
        mvn = shutil.which("mvn")
        if mvn is None:
            raise RuntimeError("Maven (`mvn`) is needed to fetch the Kafka jars from Maven Central")
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={lib}",
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not list(lib.glob("kafka_2.13-*.jar")):
            raise RuntimeError(
                f"mvn failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        marker.write_text(digest + "\n")
    return lib


def jar_version(lib: Path) -> str:
    """The broker version from the kafka_2.13-<version>.jar in `lib`."""
    jars = sorted(lib.glob("kafka_2.13-*.jar"))
    if len(jars) != 1:
        raise RuntimeError(f"expected one kafka_2.13 jar in {lib}, found {jars}")
    return jars[0].name.removeprefix("kafka_2.13-").removesuffix(".jar")


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java:
        raise RuntimeError("a Java runtime (17+) is needed to run Kafka")
    return java


def _new_cluster_id() -> str:
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()


class KafkaBroker:
    """One KRaft node that is both broker and controller, listening on 127.0.0.1.

    data_dir holds server.properties, the log dirs (kept across restarts) and logs/server.log.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int,
        controller_port: int,
        *,
        heap_mb: int = 512,
        startup_timeout: float = 60.0,
        stop_timeout: float = 20.0,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.controller_port = controller_port
        self.heap_mb = heap_mb
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._out: IO[bytes] | None = None
        self._lib: Path | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def properties_file(self) -> Path:
        return self.data_dir / "server.properties"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "kraft-logs"

    @property
    def server_log(self) -> Path:
        return self.data_dir / "logs" / "server.log"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    @property
    def version(self) -> str:
        """Version of the kafka_2.13 jar this broker runs (resolving the jars if needed)."""
        return jar_version(self._lib or ensure_jars())

    def reported_version(self) -> str | None:
        """The version the running broker logged at startup ("Kafka version: X" from AppInfoParser)."""
        found = re.findall(r"Kafka version: (\S+)", self.server_log.read_text(errors="replace"))
        return found[-1] if found else None

    def api_versions(self, timeout: float = 5.0) -> ApiVersions:
        """ApiVersions round trip with the running broker (api ranges and feature levels)."""
        return api_versions(HOST, self.port, timeout)

    def server_properties(self) -> str:
        listeners = f"PLAINTEXT://{HOST}:{self.port},CONTROLLER://{HOST}:{self.controller_port}"
        settings = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.bootstrap.servers": f"{HOST}:{self.controller_port}",
            "listeners": listeners,
            "advertised.listeners": f"PLAINTEXT://{HOST}:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self.log_dir),
            "num.partitions": "3",
            "default.replication.factor": "1",
            "min.insync.replicas": "1",
            "auto.create.topics.enable": "true",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "transaction.state.log.num.partitions": "3",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            # a small dev box: few threads, small cleaner buffer (default 128 MB of a 512 MB heap)
            "num.network.threads": "2",
            "num.io.threads": "4",
            "num.recovery.threads.per.data.dir": "2",
            "background.threads": "4",
            "log.cleaner.threads": "1",
            "log.cleaner.dedupe.buffer.size": str(16 * 1024 * 1024),
            "log.retention.hours": "168",
        }
        return "".join(f"{key}={value}\n" for key, value in settings.items())

    def _java_command(self, lib: Path, main: str, *args: str) -> list[str]:
        return [
            _java(),
            f"-Xmx{self.heap_mb}m",
            f"-Xms{min(256, self.heap_mb)}m",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-Djava.awt.headless=true",
            f"-Dkafka.logs.dir={self.server_log.parent}",
            f"-Dlog4j2.configurationFile={LOG4J2_CONFIG}",
            "-cp",
            f"{lib}/*",
            main,
            *args,
        ]

    def _format_if_needed(self, lib: Path) -> None:
        if (self.log_dir / "meta.properties").exists():
            return
        shutil.rmtree(self.log_dir, ignore_errors=True)  # an interrupted format leaves no usable data
        cmd = self._java_command(
            lib,
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            f"--cluster-id={_new_cluster_id()}",  # a generated id may start with "-"
            "-c",
            str(self.properties_file),
        )
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"formatting {self.log_dir} failed:\n{result.stdout}{result.stderr}")

    def _kill_stale(self) -> None:
        stale = matching_process(self.data_dir / "broker.pid", str(self.properties_file))
        if stale is not None:
            terminate_group(stale.pid, self.stop_timeout)

    def start(self) -> None:
        """Start the broker (formatting its log dir on first use) and wait until it serves requests."""
        if self.pid is not None:
            return
        self._lib = lib = ensure_jars()
        self.server_log.parent.mkdir(parents=True, exist_ok=True)
        self._kill_stale()
        self.properties_file.write_text(self.server_properties())
        self._format_if_needed(lib)
        self._out = open(self.server_log.parent / "jvm.out", "ab")  # closed in stop()
        self._proc = subprocess.Popen(
            self._java_command(lib, "kafka.Kafka", str(self.properties_file)),
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (self.data_dir / "broker.pid").write_text(f"{self._proc.pid}\n")
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"Kafka exited with {self._proc.returncode} during startup:\n{self._log_tail()}"
                )
            try:
                if self.api_versions(timeout=2.0).metadata_version is not None:
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        raise TimeoutError(
            f"Kafka not ready on {self.bootstrap_servers} after {self.startup_timeout}s:\n{self._log_tail()}"
        )

    def _log_tail(self) -> str:
        jvm_out = tail(self.server_log.parent / "jvm.out", 20)
        return f"--- server.log ---\n{tail(self.server_log)}\n--- jvm.out ---\n{jvm_out}"

    def stop(self) -> None:
        """SIGTERM the JVM (controlled shutdown), SIGKILL after stop_timeout seconds; idempotent."""
        if self._proc is not None:
            terminate_group(self._proc.pid, self.stop_timeout)
            self._proc.wait()
            self._proc = None
            (self.data_dir / "broker.pid").unlink(missing_ok=True)
        if self._out is not None:
            self._out.close()
            self._out = None

    def kill(self) -> None:
        """SIGKILL the JVM, even while paused: a crash, no controlled shutdown. ``start()`` brings
        the broker back on the same data and ports (what the fault tests inject)."""
        if self._proc is not None:
            os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait()
            self._proc = None
            (self.data_dir / "broker.pid").unlink(missing_ok=True)
        if self._out is not None:
            self._out.close()
            self._out = None

    def pause(self) -> None:
        """SIGSTOP: the broker hangs with its sockets open (a long GC pause, a frozen VM)."""
        if self._proc is not None:
            os.killpg(self._proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after ``pause()``."""
        if self._proc is not None:
            os.killpg(self._proc.pid, signal.SIGCONT)

    def __enter__(self) -> KafkaBroker:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
