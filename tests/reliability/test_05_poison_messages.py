"""Scenario 5: poison messages on every consumed topic, on every partition, in the middle of the
load: some undecodable (no CloudEvents headers, not JSON), some well-formed events of a known
type whose data every consumer rejects. Each consuming group dead-letters each one to
``<topic>.dlq`` (at once if undecodable, after its bounded retries otherwise) with the reason in
headers, and keeps its partitions moving: the real load behind them is reconciled and every
group's committed offsets reach the end of the log."""

import asyncio
from collections import Counter

import pytest
from aiokafka import AIOKafkaProducer
from carecoord.events.topics import Topic, dead_letter_topic
from carecoord.kafka import PARTITIONS
from carecoord_local.testing import eventually

from .conftest import LaunchSystem
from .harness.journal import say
from .harness.receiver import WebhookReceiver
from .harness.scenario import Scenario
from .harness.system import CONSUMES, System
from .harness.wire import Message, committed, end_offsets, read_all

pytestmark = pytest.mark.reliability
MAX_ATTEMPTS = 3
# A known type per topic, whose data no consumer can validate.
REJECTED_TYPE = {
    Topic.REFERRALS: "carecoord.careplan.created.v1",
    Topic.SCHEDULING: "carecoord.appointment.booked.v1",
    Topic.NOTES: "carecoord.progress.recorded.v1",
}


async def test_poison_messages_are_dead_lettered_and_partitions_keep_moving(
    launch: LaunchSystem, receiver: WebhookReceiver, clinic_id: str
) -> None:
    scenario = await Scenario.begin(
        launch, receiver, clinic_id, flows=30, interval=0.3, CONSUMER_MAX_ATTEMPTS=str(MAX_ATTEMPTS)
    )
    system = scenario.system
    await asyncio.sleep(2)
    tag = f"poison-{clinic_id}"
    sent = await _send_poison(system, tag)
    say(
        f"injected: {len(sent)} poison messages ({PARTITIONS} partitions x 2 kinds x {len(REJECTED_TYPE)} topics)"
    )
    await scenario.reconcile()

    consumers = Counter(
        {str(topic): sum(topic in topics for topics in CONSUMES.values()) for topic in REJECTED_TYPE}
    )
    expected = sum(consumers[topic] for topic, _, _ in sent)

    async def dead_lettered() -> list[Message]:
        found = await read_all(system.infra.bootstrap, [dead_letter_topic(t) for t in REJECTED_TYPE])
        mine = [m for m in found if (m.key or b"").decode().startswith(tag)]
        return mine if len(mine) >= expected else []

    dead = await eventually(dead_lettered, within=60)
    assert isinstance(dead, list)
    copies = Counter(
        tuple(_header(m, f"dlq.original.{part}") for part in ("topic", "partition", "offset")) for m in dead
    )
    kinds = Counter((m.key or b"").decode().rsplit("-", 2)[-2] for m in dead)
    attempts = Counter(
        (m.key or b"").decode().rsplit("-", 2)[-2] + ":" + _header(m, "dlq.attempts") for m in dead
    )
    say(
        f"dead-lettered: {len(dead)} copies (one per consuming group) of {len(copies)} messages; by kind {dict(kinds)}; attempts {dict(attempts)}"
    )
    assert len(dead) == expected and len(copies) == len(sent)
    assert attempts == {"undecodable:0": expected // 2, f"invalid:{MAX_ATTEMPTS}": expected // 2}
    assert all(_header(m, "dlq.reason") for m in dead)
    lag = await eventually(lambda: _caught_up(system), within=30)
    say(f"every consumer group committed to the end of every partition: {lag}")


async def _send_poison(system: System, tag: str) -> list[tuple[str, int, str]]:
    producer = AIOKafkaProducer(bootstrap_servers=system.infra.bootstrap, enable_idempotence=True)
    await producer.start()
    sent = []
    try:
        for topic, event_type in REJECTED_TYPE.items():
            for partition in range(PARTITIONS):
                for kind, value, headers in (
                    ("undecodable", b"\x00 not an event", []),
                    ("invalid", b'{"bogus": true}', _envelope(event_type, f"{tag}-{partition}")),
                ):
                    key = f"{tag}-{kind}-{partition}".encode()
                    await producer.send_and_wait(
                        str(topic), value, key=key, headers=headers, partition=partition
                    )
                    sent.append((str(topic), partition, kind))
    finally:
        await producer.stop()
    return sent


def _envelope(event_type: str, event_id: str) -> list[tuple[str, bytes]]:
    return [
        ("ce_specversion", b"1.0"),
        ("ce_id", event_id.encode()),
        ("ce_source", b"/poison"),
        ("ce_type", event_type.encode()),
        ("ce_time", b"2026-01-01T00:00:00Z"),
        ("ce_subject", b"poison"),
        ("content-type", b"application/json"),
    ]


def _header(message: Message, name: str) -> str:
    return message.headers.get(name, b"").decode()


async def _caught_up(system: System) -> dict[str, str] | None:
    ends = await end_offsets(system.infra.bootstrap, [str(t) for t in REJECTED_TYPE])
    report = {}
    for service, topics in CONSUMES.items():
        offsets = await committed(system.infra.bootstrap, system.groups[service])
        behind = sum(ends[p] - offsets.get(p, 0) for p in ends if p.topic in {str(t) for t in topics})
        if behind:
            return None
        report[service] = "lag 0"
    return report
