"""What is on the broker: every message of the four topics (and their dead-letter topics) read
from the beginning, and the consumer groups' committed offsets."""

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from carecoord.events.topics import Topic, dead_letter_topic
from carecoord.kafka import PARTITIONS

TOPICS = tuple(str(topic) for topic in Topic)
DEAD_LETTER_TOPICS = tuple(dead_letter_topic(topic) for topic in Topic)


@dataclass(frozen=True)
class Message:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    headers: dict[str, bytes]
    value: bytes | None

    @property
    def event_id(self) -> str:
        """The CloudEvents id, or "" for a message without one (undecodable)."""
        return self.headers.get("ce_id", b"").decode(errors="replace")

    @property
    def type(self) -> str | None:
        raw = self.headers.get("ce_type")
        return raw.decode() if raw else None

    @property
    def data(self) -> dict[str, Any]:
        try:
            data = json.loads(self.value or b"")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


def partitions(topics: Iterable[str]) -> list[TopicPartition]:
    return [TopicPartition(topic, partition) for topic in topics for partition in range(PARTITIONS)]


async def read_all(bootstrap: str, topics: Iterable[str] = TOPICS) -> list[Message]:
    """Every message now on ``topics``, in partition order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        wanted = partitions(topics)
        consumer.assign(wanted)
        await consumer.seek_to_beginning(*wanted)
        ends = await consumer.end_offsets(wanted)
        found: list[Message] = []
        for partition in wanted:
            while await consumer.position(partition) < ends[partition]:
                batch = await consumer.getmany(partition, timeout_ms=1000)
                for record in batch.get(partition, []):
                    if record.offset < ends[partition]:
                        found.append(
                            Message(
                                record.topic,
                                record.partition,
                                record.offset,
                                record.key,
                                dict(record.headers),
                                record.value,
                            )
                        )
        return found
    finally:
        await _stop(consumer)


async def committed(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
        return {partition: meta.offset for partition, meta in offsets.items()}
    finally:
        await admin.close()


async def end_offsets(bootstrap: str, topics: Iterable[str]) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions(topics))
        return ends
    finally:
        await _stop(consumer)


async def _stop(consumer: AIOKafkaConsumer) -> None:
    """aiokafka can cancel its group-less coordinator task before it ran and re-raise that
    CancelledError from stop(); only a cancellation of the caller is real."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
