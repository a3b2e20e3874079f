"""Scenario 6: two replicas of every service share the load (requests spread over both, consumer
groups split the partitions, relays and workers coordinate through the database). Mid-load one
replica of each service is stopped: its partitions move to the survivor. Nothing acknowledged is
lost, nothing is done twice, and every group's committed offsets only ever move forward."""

import asyncio
import contextlib

import pytest
from aiokafka import TopicPartition

from .conftest import LaunchSystem
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario
from .harness.system import SERVICES, System
from .harness.wire import committed

pytestmark = pytest.mark.reliability


async def test_stopping_one_of_two_replicas_mid_load_loses_nothing(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(launch, receiver, clinic_id, flows=40, interval=0.3, replicas=2)
    system = scenario.system
    watch = OffsetWatch(system)
    watching = asyncio.create_task(watch.run())
    try:
        await asyncio.sleep(5)
        await asyncio.gather(*(asyncio.to_thread(system.processes[name][1].stop) for name in SERVICES))
        say("injected: replica 2 of every service stopped (SIGTERM) mid-load; partitions rebalanced")
        await scenario.reconcile()
    finally:
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching
    say(
        f"committed offsets sampled {watch.samples} times per group; moves backwards: {watch.backwards or 'none'}"
    )
    assert watch.samples > 5 and not watch.backwards


class OffsetWatch:
    """Samples every group's committed offsets and remembers any that went down."""

    def __init__(self, system: System) -> None:
        self.system = system
        self.last: dict[tuple[str, TopicPartition], int] = {}
        self.backwards: list[str] = []
        self.samples = 0

    async def run(self) -> None:
        while True:
            for service, group in self.system.groups.items():
                with contextlib.suppress(Exception):  # a sample lost to a rebalance is skipped
                    for partition, offset in (await committed(self.system.infra.bootstrap, group)).items():
                        before = self.last.get((service, partition), -1)
                        if offset < before:
                            self.backwards.append(f"{service} {partition}: {before} -> {offset}")
                        self.last[(service, partition)] = max(before, offset)
            self.samples += 1
            await asyncio.sleep(0.5)
