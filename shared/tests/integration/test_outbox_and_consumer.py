"""The outbox relay and the consumer runner against a real Kafka broker and real PostgreSQL."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from carecoord.consumer import ConsumerRunner
from carecoord.db import inbox, make_engine, outbox
from carecoord.envelope import CloudEvent
from carecoord.events import Event, dead_letter_topic
from carecoord.kafka import make_producer
from carecoord.migrations import upgrade_to_head
from carecoord.outbox import OutboxRelay, Transactions, UnitOfWork
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.testing import NewDatabase, eventually
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
TOPIC = f"carecoord.test.{uuid.uuid4().hex[:8]}"


class Ping(Event):
    type = "carecoord.test.ping.v1"
    topic = TOPIC

    note: str = ""


async def create_topics(bootstrap: str, *names: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        await admin.create_topics([NewTopic(name, 3, 1) for name in names if name not in existing])
    finally:
        await admin.close()


@pytest.fixture
async def engine(new_database: NewDatabase, kafka_bootstrap: str) -> AsyncIterator[AsyncEngine]:
    url = await new_database()
    await upgrade_to_head(url, MIGRATIONS)
    await create_topics(kafka_bootstrap, TOPIC, dead_letter_topic(TOPIC))
    engine = make_engine(url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = make_producer(kafka_bootstrap)
    await producer.start()
    yield producer
    await producer.stop()


async def record_effects(uow: UnitOfWork, events: Sequence[CloudEvent]) -> None:
    for event in events:
        if event.data.get("note") == "poison":
            raise ValueError("this event always fails")
        await uow.connection.execute(sa.text("INSERT INTO effects (event_id) VALUES (:id)"), {"id": event.id})


@contextlib.asynccontextmanager
async def running_consumer(
    bootstrap: str, engine: AsyncEngine, producer: AIOKafkaProducer
) -> AsyncIterator[None]:
    runner = ConsumerRunner(
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        topics=[TOPIC],
        transactions=Transactions(engine, "/test", after_commit=[]),
        handler=record_effects,
        producer=producer,
        retry_backoff_seconds=0.01,
    )
    task = asyncio.create_task(runner.run())
    try:
        yield
    finally:
        runner.stop()
        await asyncio.wait_for(task, 15)


async def effects_of(engine: AsyncEngine, event_id: str) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            sa.text("SELECT count(*) FROM effects WHERE event_id = :id"), {"id": event_id}
        )
    return int(count or 0)


async def read_topic(
    bootstrap: str, topic: str, wanted: set[str], within: float = 30
) -> dict[str, list[tuple[str, bytes]]]:
    """Headers of the messages on ``topic`` whose ce_id (or value) is in ``wanted``."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    found: dict[str, list[tuple[str, bytes]]] = {}
    try:
        async with asyncio.timeout(within):
            while not wanted <= found.keys():
                for messages in (await consumer.getmany(timeout_ms=500)).values():
                    for message in messages:
                        headers = list(message.headers)
                        key = dict(headers).get("ce_id", message.value or b"").decode(errors="replace")
                        if key in wanted:
                            found[key] = headers
    finally:
        await consumer.stop()
    return found


async def test_a_write_accepted_while_the_broker_is_down_is_delivered_once_it_is_back(
    tmp_path: Path, engine: AsyncEngine
) -> None:
    broker = KafkaBroker(tmp_path / "kafka", free_port(), free_port())
    broker.start()
    try:
        await create_topics(broker.bootstrap_servers, TOPIC)
        producer = make_producer(broker.bootstrap_servers)
        await producer.start()
        relay = OutboxRelay(engine, producer, sweep_seconds=0.2)
        relay_task = asyncio.create_task(relay.run())
        try:
            broker.stop()
            async with Transactions(engine, "/test", after_commit=[relay.wake]).begin() as uow:
                accepted = await uow.publish(
                    Ping(clinic_id="c", patient_id="p", note="while down"), subject="x"
                )
            await asyncio.sleep(2)
            async with engine.connect() as connection:
                assert await connection.scalar(sa.select(sa.func.count()).select_from(outbox)) == 1
            broker.start()
            delivered = await read_topic(broker.bootstrap_servers, TOPIC, {accepted.id}, within=60)
            assert accepted.id in delivered
            await eventually(lambda: _outbox_empty(engine))
        finally:
            relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay_task
            await producer.stop()
    finally:
        broker.stop()


async def _outbox_empty(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        return await connection.scalar(sa.select(sa.func.count()).select_from(outbox)) == 0


async def test_a_redelivered_event_changes_nothing(
    kafka_bootstrap: str, engine: AsyncEngine, producer: AIOKafkaProducer
) -> None:
    event = CloudEvent(
        type=Ping.type, source="/test", subject="s", data={"clinic_id": "c", "patient_id": "p"}
    )
    value, headers = event.to_kafka()
    async with running_consumer(kafka_bootstrap, engine, producer):
        for _ in range(3):
            await producer.send_and_wait(TOPIC, value=value, key=b"p", headers=headers)
        await eventually(lambda: effects_of(engine, event.id))
        await asyncio.sleep(1.5)  # time for the duplicates to be consumed too
    assert await effects_of(engine, event.id) == 1
    async with engine.connect() as connection:
        assert (
            await connection.scalar(
                sa.select(sa.func.count()).select_from(inbox).where(inbox.c.event_id == event.id)
            )
            == 1
        )


async def test_a_malformed_message_is_dead_lettered_and_the_consumer_goes_on(
    kafka_bootstrap: str, engine: AsyncEngine, producer: AIOKafkaProducer
) -> None:
    garbage = f"not a cloud event {uuid.uuid4()}".encode()
    good = CloudEvent(type=Ping.type, source="/test", subject="s", data={"clinic_id": "c", "patient_id": "p"})
    async with running_consumer(kafka_bootstrap, engine, producer):
        await producer.send_and_wait(TOPIC, value=garbage, key=b"p")
        value, headers = good.to_kafka()
        await producer.send_and_wait(TOPIC, value=value, key=b"p", headers=headers)
        await eventually(lambda: effects_of(engine, good.id))
    dead = await read_topic(kafka_bootstrap, dead_letter_topic(TOPIC), {garbage.decode()})
    reason = dict(dead[garbage.decode()])["dlq.reason"].decode()
    assert "ce_specversion" in reason


async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered(
    kafka_bootstrap: str, engine: AsyncEngine, producer: AIOKafkaProducer
) -> None:
    poison = CloudEvent(
        type=Ping.type,
        source="/test",
        subject="s",
        data={"clinic_id": "c", "patient_id": "p", "note": "poison"},
    )
    after = CloudEvent(
        type=Ping.type, source="/test", subject="s", data={"clinic_id": "c", "patient_id": "p"}
    )
    async with running_consumer(kafka_bootstrap, engine, producer):
        for event in (poison, after):
            value, headers = event.to_kafka()
            await producer.send_and_wait(TOPIC, value=value, key=b"p", headers=headers)
        await eventually(lambda: effects_of(engine, after.id))
    dead = dict((await read_topic(kafka_bootstrap, dead_letter_topic(TOPIC), {poison.id}))[poison.id])
    assert dead["dlq.attempts"] == b"3"
    assert b"this event always fails" in dead["dlq.reason"]
    assert await effects_of(engine, poison.id) == 0


async def test_the_relay_publishes_a_row_committed_after_a_later_one_was_published(
    kafka_bootstrap: str, engine: AsyncEngine, producer: AIOKafkaProducer
) -> None:
    relay = OutboxRelay(engine, producer)
    transactions = Transactions(engine, "/test", after_commit=[])
    slow = transactions.begin()
    slow_uow = await slow.__aenter__()
    early = await slow_uow.publish(
        Ping(clinic_id="c", patient_id="p", note="lower id, commits late"), subject="s"
    )
    async with transactions.begin() as uow:
        late = await uow.publish(
            Ping(clinic_id="c", patient_id="p", note="higher id, commits first"), subject="s"
        )
    assert await relay.publish_pending() == 1
    await slow.__aexit__(None, None, None)
    assert await relay.publish_pending() == 1
    found = await read_topic(kafka_bootstrap, TOPIC, {early.id, late.id})
    assert found.keys() == {early.id, late.id}


async def test_two_relay_replicas_publish_every_row_exactly_once(
    kafka_bootstrap: str, engine: AsyncEngine, producer: AIOKafkaProducer
) -> None:
    transactions = Transactions(engine, "/test", after_commit=[])
    async with transactions.begin() as uow:
        published = [
            (await uow.publish(Ping(clinic_id="c", patient_id=f"p{i % 7}"), subject="s")).id
            for i in range(300)
        ]
    replicas = [OutboxRelay(engine, producer, batch_size=50) for _ in range(2)]

    async def drain(relay: OutboxRelay) -> int:
        total = 0
        while not await _outbox_empty(engine):
            total += await relay.publish_pending()
        return total

    counts = await asyncio.gather(*(drain(relay) for relay in replicas))
    assert sum(counts) == 300
    seen = await count_on_topic(kafka_bootstrap, producer, TOPIC, set(published))
    assert seen == dict.fromkeys(published, 1)


async def count_on_topic(
    kafka_bootstrap: str, producer: AIOKafkaProducer, topic: str, wanted: set[str]
) -> dict[str, int]:
    """How often each wanted event id appears on the topic, reading it to its current end."""
    partitions = [TopicPartition(topic, p) for p in await producer.partitions_for(topic)]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    counts: dict[str, int] = {}
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        remaining = {tp for tp, offset in end.items() if offset > 0}
        while remaining:
            for tp, messages in (await consumer.getmany(timeout_ms=500)).items():
                for message in messages:
                    event_id = dict(message.headers).get("ce_id", b"").decode()
                    if event_id in wanted:
                        counts[event_id] = counts.get(event_id, 0) + 1
                if messages and messages[-1].offset + 1 >= end[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()
    return counts
