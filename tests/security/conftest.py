"""All four services as real processes on the real broker and PostgreSQL, started once for every
security test (each test works in clinics of its own), with a look at each service's own audit
log and process log."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from carecoord_local.ports import free_port
from carecoord_local.services import DEFAULT_PORTS, ServiceProcess
from carecoord_local.testing import MintToken

from .world import World, build_world


@dataclass
class System:
    urls: dict[str, str]
    databases: dict[str, str]  # libpq URLs, for reading the audit logs
    logs: dict[str, Path]

    async def audit_rows(self, service: str, trace_id: str) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.databases[service])
        try:
            rows: list[asyncpg.Record] = await connection.fetch(
                "SELECT * FROM audit_log WHERE trace_id = $1 ORDER BY id", trace_id
            )
            return rows
        finally:
            await connection.close()


@pytest.fixture(scope="session")
async def system(
    postgres_admin_url: str,
    kafka_bootstrap: str,
    dev_keys: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[System]:
    logs = tmp_path_factory.mktemp("services")
    names = {name: f"security_{name}_{uuid.uuid4().hex[:8]}" for name in DEFAULT_PORTS}
    admin = await asyncpg.connect(postgres_admin_url)
    try:
        for database in names.values():
            await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    base = postgres_admin_url.rpartition("/")[0]
    databases = {name: f"{base}/{database}" for name, database in names.items()}
    processes: dict[str, ServiceProcess] = {}
    for name in DEFAULT_PORTS:
        env = {
            **SERVICE_ENVIRONMENT,
            "DATABASE_URL": databases[name].replace("postgresql://", "postgresql+asyncpg://", 1),
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "JWT_DEV_PUBLIC_KEY_PATH": str(dev_keys[1]),
            "CONSUMER_GROUP": f"{name}-{uuid.uuid4().hex[:8]}",
        }
        processes[name] = ServiceProcess(name, free_port(), env, logs / f"{name}.log")
    try:
        for process in processes.values():
            process.start()
        await asyncio.gather(*(asyncio.to_thread(p.wait_ready, 120) for p in processes.values()))
        yield System(
            {name: p.url for name, p in processes.items()},
            databases,
            {name: logs / f"{name}.log" for name in processes},
        )
    finally:
        for process in processes.values():
            process.stop()
        admin = await asyncpg.connect(postgres_admin_url)
        try:
            for database in names.values():
                await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await admin.close()


SERVICE_ENVIRONMENT: dict[str, str] = {
    "ENVIRONMENT": "test",
    "OUTBOX_SWEEP_SECONDS": "0.5",
    "WEBHOOK_ALLOW_INSECURE_TARGETS": "true",
    "DELIVERY_POLL_SECONDS": "0.5",
    "WEBHOOK_RETRY_SCHEDULE_SECONDS": "[1, 5]",
    "PROGRESS_REPORT_EVERY_VISITS": "1",
    "LOG_LEVEL": "INFO",
}


@pytest.fixture(scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
async def world(system: System, http: httpx.AsyncClient, mint_token: MintToken, run_id: str) -> World:
    """Patients, care teams, visits, notes and subscriptions in clinics A and B (world.py)."""
    return await build_world(http, system.urls, mint_token, run_id)


def traceparent() -> tuple[str, dict[str, Any]]:
    """A fresh W3C trace: the services continue it, so its id finds the call's audit rows."""
    trace_id = uuid.uuid4().hex
    return trace_id, {"traceparent": f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"}


@pytest.fixture(scope="session")
def run_id() -> Iterator[str]:
    yield uuid.uuid4().hex[:8]


async def read_topics(bootstrap: str, topics: list[str]) -> list[ConsumerRecord[bytes, bytes]]:
    """Every message on these topics so far, read from the start up to the end offsets taken
    at the start, so the answer is complete rather than timed."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or []]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[ConsumerRecord[bytes, bytes]] = []
        for partition in partitions:
            while await consumer.position(partition) < ends[partition]:
                for message in (await consumer.getmany(partition, timeout_ms=500)).get(partition, []):
                    if message.offset < ends[partition]:
                        found.append(message)
        return found
    finally:
        try:
            await consumer.stop()
        except asyncio.CancelledError:  # aiokafka may cancel its never-started coordinator task
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
