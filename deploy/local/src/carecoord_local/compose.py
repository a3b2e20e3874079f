"""The whole system from deploy/compose.yaml on this machine's Docker engine, from the images that
deploy/images/build.sh builds, on free loopback ports: what the end-to-end tests run against with
``CARECOORD_COMPOSE=1`` (`make images-test`)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx

from carecoord_local.containers import image
from carecoord_local.kafka import REPO_ROOT
from carecoord_local.ports import free_port

COMPOSE_FILE = REPO_ROOT / "deploy" / "compose.yaml"


@contextlib.contextmanager
def compose_system(
    services: list[str], keys_dir: Path, environment: Mapping[str, Mapping[str, str]]
) -> Iterator[dict[str, str]]:
    """`docker-compose up` of every service in deploy/compose.yaml, each service in ``services`` on a
    free port with ``environment[service]`` added to its settings; yields their URLs once each answers
    /readyz, and removes every container and volume afterwards."""
    ports = {service: free_port() for service in services}
    project = f"carecoord-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as work:
        keys = Path(work) / "keys"
        keys.mkdir()
        for key in keys_dir.glob("*.pem"):  # readable by the containers' unprivileged user
            shutil.copyfile(key, keys / key.name)
            (keys / key.name).chmod(0o644)
        keys.chmod(0o755)
        override = Path(work) / "override.json"  # JSON is YAML: a second compose file with the additions
        override.write_text(
            json.dumps({"services": {s: {"environment": dict(e)} for s, e in environment.items()}})
        )
        variables = {
            **os.environ,
            "COMPOSE_PROJECT_NAME": project,
            "CARECOORD_KEYS_DIR": str(keys),
            "KAFKA_IMAGE": os.environ.get("KAFKA_IMAGE", image("kafka")),
            "POSTGRES_IMAGE": os.environ.get("POSTGRES_IMAGE", image("postgres")),
            "CARECOORD_KAFKA_PORT": str(free_port()),
            "CARECOORD_KAFKA_CONTROLLER_PORT": str(free_port()),
            "CARECOORD_PG_PORT": str(free_port()),
            "CARECOORD_CONSOLE_PORT": str(free_port()),
            **{f"CARECOORD_{service.upper()}_PORT": str(port) for service, port in ports.items()},
        }
        compose = ["docker-compose", "-f", str(COMPOSE_FILE), "-f", str(override)]
        try:
            _run([*compose, "up", "-d", "--no-build"], variables)
            urls = {service: f"http://127.0.0.1:{port}" for service, port in ports.items()}
            _wait_ready(urls, compose, variables)
            yield urls
        finally:
            _run([*compose, "down", "--volumes", "--remove-orphans", "--timeout", "20"], variables)


def _run(command: list[str], variables: Mapping[str, str]) -> str:
    result = subprocess.run(command, env=variables, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[-4:])} exited with {result.returncode}:\n{result.stderr[-3000:]}"
        )
    return result.stdout


def _wait_ready(
    urls: Mapping[str, str], compose: list[str], variables: Mapping[str, str], timeout: float = 180.0
) -> None:
    deadline = time.monotonic() + timeout
    waiting = dict(urls)
    while waiting and time.monotonic() < deadline:
        for service, url in list(waiting.items()):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    del waiting[service]
        time.sleep(0.5)
    if waiting:
        logs = _run([*compose, "logs", "--no-color", "--tail", "30"], variables)
        raise TimeoutError(f"not ready after {timeout}s: {', '.join(waiting)}\n{logs[-6000:]}")
