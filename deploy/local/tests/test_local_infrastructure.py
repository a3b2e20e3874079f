"""The local launchers start real servers: Apache Kafka 4.x (KRaft) and PostgreSQL 18. No mocks."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import psutil
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from carecoord_local._proc import is_gone
from carecoord_local.kafka import KafkaBroker, ensure_jars, jar_version
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer


def server_processes(marker: Path) -> list[psutil.Process]:
    """Live processes whose command line mentions `marker` (a data dir)."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        if any(str(marker) in arg for arg in proc.info["cmdline"] or []) and not is_gone(proc):
            found.append(proc)
    return found


@contextlib.contextmanager
def occupied_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def family(pid: int) -> list[psutil.Process]:
    proc = psutil.Process(pid)
    return [proc, *proc.children(recursive=True)]


# ---------------------------------------------------------------- Kafka


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    with KafkaBroker(tmp_path_factory.mktemp("kafka"), free_port(), free_port()) as running:
        yield running


async def produce(bootstrap: str, topic: str, *values: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=b"k")
    finally:
        await producer.stop()


async def consume(bootstrap: str, topic: str, count: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=f"g-{uuid.uuid4()}", auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        values: list[bytes] = []
        while len(values) < count:
            record = await asyncio.wait_for(consumer.getone(), timeout=30)
            assert record.value is not None
            values.append(record.value)
        return values
    finally:
        await consumer.stop()


def test_jars_are_cached_and_are_kafka_4() -> None:
    lib = ensure_jars()
    assert ensure_jars() == lib
    assert jar_version(lib).startswith("4.")
    assert not list(lib.glob("connect-runtime-*.jar"))


def test_interrupted_download_is_redone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARECOORD_CACHE", str(tmp_path))
    lib = ensure_jars()
    assert lib.is_relative_to(tmp_path)
    (lib.parent / "complete.sha256").unlink()  # as if mvn had been interrupted: no marker, some jars
    for jar in lib.glob("kafka-clients-*.jar"):
        jar.unlink()
    assert ensure_jars() == lib
    assert list(lib.glob("kafka-clients-*.jar")) and (lib.parent / "complete.sha256").is_file()


def test_broker_is_apache_kafka_4(broker: KafkaBroker) -> None:
    assert broker.version.startswith("4.")
    assert broker.reported_version() == broker.version  # what the running JVM logged at startup
    versions = broker.api_versions()  # a real ApiVersions round trip
    assert versions.metadata_version is not None and versions.metadata_version.startswith("4.")
    assert versions.finalized_features["kraft.version"] == (1, 1)  # dynamic (--standalone) KRaft quorum
    assert 0 in versions.api_keys and 3 in versions.api_keys  # Produce, Metadata


async def test_broker_round_trips_a_message(broker: KafkaBroker) -> None:
    topic = f"roundtrip-{uuid.uuid4().hex[:8]}"  # auto-created
    await produce(broker.bootstrap_servers, topic, b"hello", b"world")
    assert sorted(await consume(broker.bootstrap_servers, topic, 2)) == [b"hello", b"world"]


async def test_broker_data_survives_restart_and_stop_leaves_no_process(tmp_path: Path) -> None:
    first = KafkaBroker(tmp_path, free_port(), free_port())
    first.start()
    await produce(first.bootstrap_servers, "durable", b"kept")
    pid = first.pid
    assert pid is not None
    jvm = psutil.Process(pid)
    first.stop()
    assert is_gone(jvm) and not server_processes(tmp_path)
    first.stop()  # idempotent

    with KafkaBroker(tmp_path, free_port(), free_port()) as second:  # new ports, same data
        assert await consume(second.bootstrap_servers, "durable", 1) == [b"kept"]
    assert not server_processes(tmp_path)


def test_broker_left_running_by_a_dead_process_is_replaced(tmp_path: Path) -> None:
    crash = (
        "from pathlib import Path; from carecoord_local.kafka import KafkaBroker; import os;"
        f"KafkaBroker(Path({str(tmp_path)!r}), {free_port()}, {free_port()}).start(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crash], check=True, timeout=120)
    orphans = server_processes(tmp_path)
    assert orphans, "the crashed owner should have left its JVM behind"

    with KafkaBroker(tmp_path, free_port(), free_port()) as broker:
        assert all(is_gone(p) for p in orphans)
        assert broker.api_versions().metadata_version is not None
    assert not server_processes(tmp_path)


def test_broker_failing_to_start_reports_the_log(tmp_path: Path) -> None:
    with occupied_port() as busy:
        broker = KafkaBroker(tmp_path, busy, free_port(), startup_timeout=30)
        with pytest.raises(RuntimeError, match="Address already in use"):
            broker.start()
    assert broker.pid is None and not server_processes(tmp_path)


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    with PostgresServer(tmp_path_factory.mktemp("pg"), free_port(), fast=True) as running:
        yield running


async def fetchval(server: PostgresServer, database: str, sql: str) -> object:
    conn = await asyncpg.connect(server.url(database, driver="postgresql"))
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def test_database_is_postgresql_18(postgres: PostgresServer) -> None:
    version = await fetchval(postgres, "postgres", "SELECT version()")
    assert isinstance(version, str) and version.startswith("PostgreSQL 18")
    assert postgres.server_version.startswith("18")
    assert await fetchval(postgres, "postgres", "SHOW max_connections") == "200"
    assert await fetchval(postgres, "postgres", "SHOW fsync") == "off"  # fast=True


async def test_create_database_is_idempotent(postgres: PostgresServer) -> None:
    postgres.create_database("care-coord")  # needs quoting
    postgres.create_database("care-coord")
    assert await fetchval(postgres, "care-coord", "SELECT current_database()") == "care-coord"
    assert postgres.url("x") == f"postgresql+asyncpg://postgres@127.0.0.1:{postgres.port}/x"


async def test_database_data_survives_restart_and_stop_leaves_no_process(tmp_path: Path) -> None:
    server = PostgresServer(tmp_path, free_port())  # the default: fsync on
    server.start()
    assert await fetchval(server, "postgres", "SHOW fsync") == "on"
    server.create_database("app")
    conn = await asyncpg.connect(server.url("app", driver="postgresql"))
    await conn.execute("CREATE TABLE t (v text); INSERT INTO t VALUES ('kept')")
    await conn.close()
    assert server.pid is not None
    processes = family(server.pid)
    server.stop()
    assert all(is_gone(p) for p in processes) and not server_processes(tmp_path)
    server.stop()  # idempotent

    with PostgresServer(tmp_path, free_port()) as again:  # new port, same data
        assert await fetchval(again, "app", "SELECT v FROM t") == "kept"
    assert not server_processes(tmp_path)


def test_database_left_running_by_a_dead_process_is_replaced(tmp_path: Path) -> None:
    crash = (
        f"from pathlib import Path; from carecoord_local.postgres import PostgresServer; import os;"
        f"PostgresServer(Path({str(tmp_path)!r}), {free_port()}, fast=True).start(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crash], check=True, timeout=60)
    orphans = server_processes(tmp_path)
    assert orphans, "the crashed owner should have left its postmaster behind"

    with PostgresServer(tmp_path, free_port(), fast=True) as server:
        assert server.pid not in {p.pid for p in orphans}
        assert all(is_gone(p) for p in orphans)
        assert server.server_version.startswith("18")
    assert not server_processes(tmp_path)
