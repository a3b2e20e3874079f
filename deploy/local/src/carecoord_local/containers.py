"""Kafka and PostgreSQL as containers of the images deploy/images/build.sh builds, on this machine's
Docker engine through testcontainers: the ``CARECOORD_TESTCONTAINERS=1`` path of the test fixtures.

The containers share the host's network and listen on free loopback ports, like the embedded servers,
so tests reach them at 127.0.0.1 and no published port or bridge NAT is involved.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from carecoord_local.kafka_wire import api_versions

if TYPE_CHECKING:  # testcontainers is a test dependency, imported only when containers are wanted
    from testcontainers.core.container import DockerContainer

HOST = "127.0.0.1"
POSTGRES_PASSWORD = "carecoord"
KAFKA_CLUSTER_ID = "cc0ZmQ8rQ7uV1m4bTXUwFg"


def image(name: str) -> str:
    """A locally built image: <CARECOORD_IMAGE_PREFIX>/<name>:<CARECOORD_IMAGE_TAG> (carecoord/<name>:local)."""
    prefix = os.environ.get("CARECOORD_IMAGE_PREFIX", "carecoord")
    return f"{prefix}/{name}:{os.environ.get('CARECOORD_IMAGE_TAG', 'local')}"


def kraft_environment(port: int, controller_port: int) -> dict[str, str]:
    """A single-node KRaft broker on 127.0.0.1, in the variables of the official apache/kafka image."""
    return {
        "CLUSTER_ID": KAFKA_CLUSTER_ID,
        "KAFKA_NODE_ID": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_LISTENERS": f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{controller_port}",
        "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://{HOST}:{port}",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": f"1@{HOST}:{controller_port}",
        "KAFKA_NUM_PARTITIONS": "3",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": "1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
    }


@contextlib.contextmanager
def kafka_container(port: int, controller_port: int) -> Iterator[str]:
    """A Kafka container on 127.0.0.1:``port``; yields its bootstrap servers."""
    from testcontainers.core.container import DockerContainer

    container = DockerContainer(image("kafka")).with_kwargs(network_mode="host")
    with container.with_envs(**kraft_environment(port, controller_port)) as started:

        def serving() -> bool:
            return api_versions(HOST, port, 2.0).metadata_version is not None

        _wait(serving, started, "Kafka")
        yield f"{HOST}:{port}"


@contextlib.contextmanager
def postgres_container(port: int) -> Iterator[str]:
    """A PostgreSQL container on 127.0.0.1:``port``; yields a superuser URL of its maintenance database."""
    from testcontainers.core.container import DockerContainer

    container = (
        DockerContainer(image("postgres"))
        .with_kwargs(network_mode="host")
        .with_envs(POSTGRES_PASSWORD=POSTGRES_PASSWORD, PGPORT=str(port))
        .with_command(["-c", f"listen_addresses={HOST}"])
    )
    with container as started:

        def serving() -> bool:
            ready = ["pg_isready", "-q", "-h", HOST, "-p", str(port)]
            return started.exec(ready).exit_code == 0

        _wait(serving, started, "PostgreSQL")
        yield f"postgresql://postgres:{POSTGRES_PASSWORD}@{HOST}:{port}/postgres"


def _wait(serving: Callable[[], bool], container: DockerContainer, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            if serving():
                return
        time.sleep(0.2)
    logs = b"".join(container.get_logs()).decode(errors="replace")
    raise TimeoutError(f"{what} container not serving after {timeout}s:\n{logs[-3000:]}")
