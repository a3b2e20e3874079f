"""The HL7 FHIR instance validator as HAPI FHIR ships it, for the tests' proof that the FHIR facade
answers valid FHIR R4 (4.0.1).

The jars come from Maven Central through `deploy/fhir-validator/pom.xml` and are cached like Kafka's
(`var/cache/fhir-validator-<hash>/lib`). One JVM serves a whole test session: it loads the R4 core
definitions once (about 10 s, at the first validation), then validates each resource sent to it,
one JSON line in, one out."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carecoord_local.kafka import REPO_ROOT, _java, cache_dir

VALIDATOR_DIR = REPO_ROOT / "deploy" / "fhir-validator"
POM = VALIDATOR_DIR / "pom.xml"
PROGRAM = VALIDATOR_DIR / "Validate.java"


@dataclass(frozen=True)
class Message:
    severity: str  # fatal, error, warning, information
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity} at {self.location}: {self.message}"


def ensure_jars() -> Path:
    """Resolve the validator's runtime classpath with Maven once (a marker holds the pom's hash)."""
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    home = cache_dir() / f"fhir-validator-{digest[:12]}"
    lib, marker = home / "lib", home / "complete"
    if marker.is_file():
        return lib
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file():
            return lib
        shutil.rmtree(lib, ignore_errors=True)
        mvn = shutil.which("mvn")
        if mvn is None:
            raise RuntimeError("Maven (`mvn`) is needed to fetch the HAPI FHIR validator from Maven Central")
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
        if result.returncode != 0 or not list(lib.glob("hapi-fhir-validation-*.jar")):
            raise RuntimeError(
                f"mvn failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        marker.write_text(digest + "\n")
    return lib


class FhirValidator:
    """One validator JVM; ``validate`` may be called from any thread, one resource at a time."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        lib = ensure_jars()
        self._process = subprocess.Popen(
            [_java(), "-Xmx768m", "-cp", f"{lib}/*", str(PROGRAM)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        first = self._line()
        if json.loads(first).get("ready") is not True:
            raise RuntimeError(f"the FHIR validator did not start: {first!r}")

    def validate(self, resource: dict[str, Any]) -> list[Message]:
        with self._lock:
            assert self._process is not None and self._process.stdin is not None, "start() first"
            self._process.stdin.write(json.dumps(resource, separators=(",", ":")) + "\n")
            self._process.stdin.flush()
            answer = json.loads(self._line())
        return [Message(**item) for item in answer["messages"]]

    def stop(self) -> None:
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def _line(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the FHIR validator exited ({self._process.poll()})")
        return line
