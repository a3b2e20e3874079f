"""The fault suite's own broker and database (it kills, pauses and restarts them, so it never
touches the session's shared servers), the four services as processes on them, and a webhook
receiver whose behaviour a scenario changes while it runs."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from carecoord_local.testing import MintToken

from .harness.journal import ENTRIES
from .harness.receiver import WebhookReceiver
from .harness.system import Infra, System, launch_system

LaunchSystem = Callable[..., Awaitable[System]]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if ENTRIES:
        terminalreporter.section("reliability: what each scenario injected and reconciled")
        for test, lines in ENTRIES.items():
            terminalreporter.write_line(f"{test}:")
            for entry in lines:
                for line in entry.splitlines():
                    terminalreporter.write_line(f"    {line}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reliability: fault injection against real processes (deselect with -m 'not reliability')"
    )


@pytest.fixture(scope="package")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    root = tmp_path_factory.mktemp("faults")
    with (
        PostgresServer(root / "pg", free_port(), fast=True) as postgres,
        KafkaBroker(root / "kafka", free_port(), free_port()) as broker,
    ):
        yield Infra(broker, postgres)


@pytest.fixture
async def launch(
    infra: Infra, dev_keys: tuple[Path, Path], mint_token: MintToken, tmp_path: Path
) -> AsyncIterator[LaunchSystem]:
    """Starts the four services (``replicas`` processes each) on fresh databases; stops them,
    un-pauses the infrastructure and drops the databases afterwards."""
    launched: list[System] = []

    async def launch(replicas: int = 1, **env: str) -> System:
        system = await launch_system(infra, dev_keys, mint_token, tmp_path, replicas=replicas, env=env)
        launched.append(system)
        return system

    yield launch
    infra.broker.resume()
    if infra.broker.pid is None:
        await asyncio.to_thread(infra.broker.start)
    if infra.postgres.pid is None:
        await asyncio.to_thread(infra.postgres.start)
    for system in launched:
        await asyncio.to_thread(system.stop)
        with contextlib.suppress(Exception):
            system.drop_databases()


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    async with WebhookReceiver.running() as running:
        yield running


@pytest.fixture
def clinic_id() -> str:
    return f"clinic-{uuid.uuid4().hex[:8]}"
