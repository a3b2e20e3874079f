"""Scenario 1: a consuming service is SIGKILLed after its database commit and before its offset
commit, then restarted. The broker redelivers what it had already acted on; its inbox turns the
redelivery into no effect.

How the kill is placed in that window: the service is paused while events pile up, resumed so it
takes a large batch, and the broker is paused: the batch's transaction commits, its offset commit
waits on the frozen broker. The service is killed, then the broker (so the offset commit it had
queued is never read) and the broker restarted. The window is then measured, not assumed: events
in the service's inbox at offsets its group has not committed."""

import asyncio

import pytest

from .conftest import LaunchSystem
from .harness.faults import counter, effects_ahead_of_offsets, restart_broker
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario

pytestmark = pytest.mark.reliability
VICTIM = "notifications"


async def test_consumer_killed_between_its_commit_and_its_offset_commit_acts_once(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.3)
    system, broker = scenario.system, scenario.system.infra.broker
    victim = system.processes[VICTIM][0]
    in_window = 0
    for attempt in range(1, 4):
        await asyncio.sleep(2)
        victim.pause()
        await asyncio.sleep(1.5)
        victim.resume()
        await asyncio.sleep(0.2)
        broker.pause()
        await asyncio.sleep(1.0)
        victim.kill()
        broker.kill()
        await restart_broker(system)
        in_window = await effects_ahead_of_offsets(system, VICTIM)
        await system.restart(VICTIM)
        say(
            f"injection {attempt}: {VICTIM} SIGKILLed with {in_window} events committed but not their offsets"
        )
        if in_window:
            break
    assert in_window, "the kill never landed between a database commit and its offset commit"
    await scenario.reconcile()
    redelivered = await counter(system, VICTIM, 'carecoord_events_consumed_total{outcome="duplicate"}')
    say(f"redelivered to the restarted {VICTIM} and absorbed by its inbox: {redelivered:.0f}")
    assert redelivered >= in_window
