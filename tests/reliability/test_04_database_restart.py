"""Scenario 4: PostgreSQL is restarted under load. While it is down every service says so on
/readyz (503) and answers writes with 503 (nothing written); when it is back they recover on their
own, without being restarted, and every acknowledged write is reconciled."""

import asyncio
import os
import signal
import time
from pathlib import Path

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
from carecoord.consumer import is_outage
from carecoord.db import make_engine
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from carecoord_local.testing import eventually
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import LaunchSystem
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario
from .harness.system import SERVICES, System

pytestmark = pytest.mark.reliability


async def test_database_restart_under_load_recovers_without_help(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.3)
    system, postgres = scenario.system, scenario.system.infra.postgres
    pids = {name: system.processes[name][0].pid for name in SERVICES}
    await asyncio.sleep(3)
    await asyncio.to_thread(postgres.stop)
    down_at = time.monotonic()
    try:
        not_ready = await eventually(lambda: _readiness(system, want_ready=False), within=20)
    finally:
        await asyncio.sleep(max(0.0, 5 - (time.monotonic() - down_at)))
        await asyncio.to_thread(postgres.start)
    outage = time.monotonic() - down_at
    await eventually(lambda: _readiness(system, want_ready=True), within=60)
    recovered = time.monotonic() - down_at - outage
    say(
        f"injected: PostgreSQL stopped for {outage:.1f} s; not ready: {not_ready}; ready again {recovered:.1f} s later"
    )
    assert {name: system.processes[name][0].pid for name in SERVICES} == pids, "a service was restarted"
    await scenario.reconcile()
    assert scenario.load.calls.counts["503"], "no write met the outage (the load was not running)"
    say(f"writes refused with 503 during the outage (and retried): {scenario.load.calls.counts['503']}")


async def _readiness(system: System, want_ready: bool) -> dict[str, dict[str, bool]] | None:
    """Every service's /readyz checks, once all agree on ``want_ready``."""
    checks = {}
    async with httpx.AsyncClient(timeout=5) as http:
        for name in SERVICES:
            response = await http.get(f"{system.url(name)}/readyz")
            if (response.status_code == 200) != want_ready:
                return None
            checks[name] = response.json()["checks"]
    return checks


async def test_a_server_refusing_new_connections_is_an_outage_not_a_poison_message(tmp_path: Path) -> None:
    with PostgresServer(tmp_path / "pg", free_port(), fast=True) as server:
        holder = await asyncpg.connect(server.url("postgres", driver="postgresql"))
        assert server.pid is not None
        os.kill(server.pid, signal.SIGTERM)  # smart shutdown: waits for `holder`, refuses newcomers
        engine = make_engine(server.url("postgres"))
        try:
            with pytest.raises(sa.exc.DBAPIError) as refused:
                await eventually(lambda: _connect(engine), within=10)
        finally:
            await engine.dispose()
            await holder.close()
    assert getattr(refused.value.orig, "sqlstate", None) == "57P03"
    assert is_outage(refused.value)


async def _connect(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        await connection.execute(sa.text("SELECT 1"))
    return False  # still accepted: the shutdown has not begun yet
