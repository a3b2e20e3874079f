"""Scenario 2: the broker is killed during load and restarted; then, separately, frozen with
SIGSTOP for 30 s. Writes keep being accepted (they wait in each service's outbox), consumers
wait, and after the broker is back everything acknowledged arrives, once."""

import asyncio

import pytest

from .conftest import LaunchSystem
from .harness.faults import outbox_backlog, restart_broker
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario

pytestmark = pytest.mark.reliability


async def test_broker_killed_and_restarted_under_load_loses_nothing(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.3)
    broker = scenario.system.infra.broker
    await asyncio.sleep(3)
    broker.kill()
    await asyncio.sleep(4)
    waiting = await outbox_backlog(scenario.system)
    await restart_broker(scenario.system)
    say(f"injected: broker SIGKILLed for 4 s plus its restart; events waiting in outboxes: {waiting}")
    await scenario.reconcile()


async def test_broker_frozen_for_30_seconds_loses_nothing(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.5)
    broker = scenario.system.infra.broker
    await asyncio.sleep(3)
    broker.pause()
    try:
        await asyncio.sleep(30)
        waiting = await outbox_backlog(scenario.system)
    finally:
        broker.resume()
    say(f"injected: broker SIGSTOPped for 30 s; events waiting in outboxes at SIGCONT: {waiting}")
    await scenario.reconcile()
