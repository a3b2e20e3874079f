"""Scenario 7: long transactions write to the outbox concurrently with the service's own load.
Each takes its outbox id early and commits (or rolls back) seconds later, after the relay has
published many rows with higher ids. The relay must publish every committed row, however late
its commit, and never a rolled-back one; the service's own load reconciles as usual."""

import asyncio
import random
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from carecoord.db import make_engine
from carecoord.events import AuditRecorded
from carecoord.outbox import stage
from carecoord_local.testing import eventually
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import LaunchSystem
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario
from .harness.wire import read_all

pytestmark = pytest.mark.reliability
SOURCE = "/carecoord/long-transactions"
TRANSACTIONS = 16


@dataclass
class LongTransaction:
    number: int
    event_id: str = ""
    outbox_id: int = 0
    committed: bool = False
    published_past: int = 0  # rows with higher ids already published when this one committed


async def test_rows_committed_late_and_out_of_id_order_are_all_published(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=30, interval=0.3)
    engine = make_engine(
        scenario.system.infra.postgres.url(scenario.system.databases["referrals"]), pool_size=20
    )
    try:
        held = [LongTransaction(number) for number in range(TRANSACTIONS)]
        await asyncio.gather(*(_hold(engine, clinic_id, tx) for tx in held))
        await scenario.reconcile()
    finally:
        await engine.dispose()

    async def published() -> set[str] | None:
        ids = {
            m.event_id
            for m in await read_all(scenario.system.infra.bootstrap)
            if m.headers.get("ce_source") == SOURCE.encode()
        }
        return ids if {tx.event_id for tx in held if tx.committed} <= ids else None

    on_wire = await eventually(published, within=30)
    assert isinstance(on_wire, set)
    committed = [tx for tx in held if tx.committed]
    rolled_back = [tx for tx in held if not tx.committed]
    overtaken = [tx for tx in committed if tx.published_past]
    say(
        f"injected: {TRANSACTIONS} transactions held 1-6 s ({len(committed)} committed, {len(rolled_back)} rolled back); "
        f"{len(overtaken)} committed after {sum(tx.published_past for tx in overtaken)} rows with higher ids had been published"
    )
    say(
        f"reconciled: {len(on_wire & {tx.event_id for tx in committed})}/{len(committed)} committed rows published, "
        f"{len(on_wire & {tx.event_id for tx in rolled_back})} rolled-back rows published"
    )
    assert overtaken, "no long transaction committed behind a published higher id"
    assert not on_wire & {tx.event_id for tx in rolled_back}


async def _hold(engine: AsyncEngine, clinic_id: str, tx: LongTransaction) -> None:
    await asyncio.sleep(random.uniform(0, 3))
    async with engine.connect() as connection:
        transaction = await connection.begin()
        event = AuditRecorded(
            clinic_id=clinic_id,
            patient_id=None,
            audit_id=tx.number,
            at=datetime.now(UTC),
            actor="long-tx",
            role="admin",
            resource="long-transactions",
            action="hold",
            outcome="allowed",
            trace_id=None,
        )
        staged = await stage(connection, event, source=SOURCE, subject=f"long/{tx.number}", key=clinic_id)
        tx.event_id = staged.id
        tx.outbox_id = await connection.scalar(
            sa.text("SELECT id FROM outbox WHERE event_id = :id"), {"id": staged.id}
        )
        await asyncio.sleep(random.uniform(1, 6))
        async with engine.connect() as observer:
            allocated = await observer.scalar(sa.text("SELECT last_value FROM outbox_id_seq"))
            waiting = await observer.scalar(
                sa.text("SELECT count(*) FROM outbox WHERE id > :id"), {"id": tx.outbox_id}
            )
        if tx.number % 3 == 2:
            await transaction.rollback()
            return
        await transaction.commit()
        tx.committed = True
        tx.published_past = int(allocated) - tx.outbox_id - int(waiting)
