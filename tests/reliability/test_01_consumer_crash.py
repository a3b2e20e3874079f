"""Scenario 1: a consuming service is SIGKILLed after its database commit and before its offset
commit, then restarted. The broker redelivers what it had already acted on; its inbox turns the
redelivery into no effect.

How the kill is placed in that window, by construction rather than by timing: the test holds a
lock on the service's inbox table, so the next batch the service fetches waits at its database
write; the broker is then frozen (SIGSTOP) and the lock released. The batch commits, its offset
commit cannot reach the frozen broker, and the service and then the broker are killed. The window
is still measured, not assumed: events in the service's inbox at offsets its group has not
committed."""

import asyncpg
import pytest
from carecoord_local.testing import eventually

from .conftest import LaunchSystem
from .harness.faults import counter, effects_ahead_of_offsets, restart_broker
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario
from .harness.system import System

pytestmark = pytest.mark.reliability
VICTIM = "notifications"
WAITING_ON_INBOX = """
    SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation
    WHERE pg_class.relname = 'inbox' AND NOT pg_locks.granted
      AND pg_locks.database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


async def test_consumer_killed_between_its_commit_and_its_offset_commit_acts_once(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.3)
    system, broker = scenario.system, scenario.system.infra.broker
    victim = system.processes[VICTIM][0]
    holder = await asyncpg.connect(system.dsn(VICTIM))
    try:
        async with holder.transaction():
            await holder.execute("LOCK TABLE inbox IN SHARE MODE")
            handled_before = int(await holder.fetchval("SELECT count(*) FROM inbox"))
            await eventually(lambda: _waiting_on_inbox(system), within=60)
            broker.pause()
        await eventually(lambda: _inbox_grew(system, handled_before), within=60)
    finally:
        await holder.close()
    victim.kill()
    broker.kill()
    await restart_broker(system)
    in_window = await effects_ahead_of_offsets(system, VICTIM)
    await system.restart(VICTIM)
    say(f"injection: {VICTIM} SIGKILLed with {in_window} events committed but not their offsets")
    assert in_window, "the kill did not land between a database commit and its offset commit"
    await scenario.reconcile()
    redelivered = await counter(system, VICTIM, 'carecoord_events_consumed_total{outcome="duplicate"}')
    say(f"redelivered to the restarted {VICTIM} and absorbed by its inbox: {redelivered:.0f}")
    assert redelivered >= in_window


async def _inbox_size(system: System) -> int:
    return int((await system.query(VICTIM, "SELECT count(*) AS n FROM inbox"))[0]["n"])


async def _waiting_on_inbox(system: System) -> bool:
    """The victim fetched a batch and waits to record it."""
    return int((await system.query(VICTIM, WAITING_ON_INBOX))[0]["count"]) > 0


async def _inbox_grew(system: System, before: int) -> bool:
    """The batch committed; its offset commit waits on the frozen broker."""
    return await _inbox_size(system) > before
