"""Pytest fixtures for every test suite: a real Kafka broker and a real PostgreSQL server started
once per session on free ports (so they never collide with a running `make run`), a fresh database
per test, and development tokens.

``KAFKA_BOOTSTRAP_SERVERS`` and ``TEST_POSTGRES_ADMIN_URL`` point the suite at servers that already
run. On a machine with a Docker engine, ``CARECOORD_TESTCONTAINERS=1`` has testcontainers start
both instead, from the images deploy/images/build.sh builds (`make images-test` runs that path).
"""

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import uvicorn
from carecoord.auth import Role
from carecoord.dev_keys import ensure_dev_keypair, mint_dev_token
from fastapi import FastAPI
from starlette.types import ASGIApp

from carecoord_local.containers import kafka_container, postgres_container
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer

NewDatabase = Callable[[], Awaitable[str]]
MintToken = Callable[..., str]


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    if os.environ.get("CARECOORD_TESTCONTAINERS") == "1":
        with kafka_container(free_port(), free_port()) as bootstrap_servers:
            yield bootstrap_servers
        return
    with KafkaBroker(tmp_path_factory.mktemp("kafka"), free_port(), free_port()) as broker:
        yield broker.bootstrap_servers


@pytest.fixture(scope="session")
def postgres_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A libpq URL of a superuser connection to the maintenance database."""
    external = os.environ.get("TEST_POSTGRES_ADMIN_URL")
    if external:
        yield external
        return
    if os.environ.get("CARECOORD_TESTCONTAINERS") == "1":
        with postgres_container(free_port()) as url:
            yield url
        return
    with PostgresServer(tmp_path_factory.mktemp("postgres"), free_port(), fast=True) as server:
        yield server.url("postgres", driver="postgresql")


@pytest.fixture
async def new_database(postgres_admin_url: str) -> AsyncIterator[NewDatabase]:
    """Creates empty databases for one test and drops them after it."""
    created: list[str] = []

    async def create() -> str:
        name = f"test_{uuid.uuid4().hex[:16]}"
        connection = await asyncpg.connect(postgres_admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return _with_database(postgres_admin_url, name).replace("postgresql://", "postgresql+asyncpg://", 1)

    yield create
    connection = await asyncpg.connect(postgres_admin_url)
    try:
        for name in created:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return ensure_dev_keypair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def mint_token(dev_keys: tuple[Path, Path]) -> MintToken:
    def mint(role: Role, clinic_id: str, subject: str | None = None, scopes: str = "") -> str:
        subject = subject or f"{role}-{uuid.uuid4().hex[:8]}"
        return mint_dev_token(dev_keys[0], subject=subject, role=role, clinic_id=clinic_id, scopes=scopes)

    return mint


async def eventually(
    check: Callable[[], Awaitable[object]], within: float = 30.0, every: float = 0.1
) -> object:
    """Poll ``check`` until it returns something truthy, or fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    last: object = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(every)
    raise AssertionError(f"condition not met within {within}s; last value {last!r}")


@contextlib.asynccontextmanager
async def running_app(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A service in this process with its lifespan (migrations, relay, consumer) running, reached
    through an HTTP client bound to the app."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


def service_environment(
    database_url: str, kafka_bootstrap: str, dev_keys: tuple[Path, Path]
) -> dict[str, object]:
    """Settings for a service under test: its own database and consumer group."""
    return {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "jwt_dev_public_key_path": dev_keys[1],
        "consumer_group": f"test-{uuid.uuid4().hex[:8]}",
        "outbox_sweep_seconds": 0.2,
    }


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, port: int) -> AsyncIterator[None]:
    """``app`` on 127.0.0.1:``port`` in this event loop: a test's webhook receiver or collector."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        return server.started

    await eventually(started, within=10)
    try:
        yield
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
