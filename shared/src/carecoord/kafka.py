"""Kafka clients configured the one way this project uses them."""

import asyncio

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from carecoord.events.topics import Topic, dead_letter_topic

PARTITIONS = 6
# What ensure_topics creates: the local single-node broker holds one copy of each partition.
REPLICAS = 1


def make_producer(bootstrap_servers: str) -> AIOKafkaProducer:
    """Idempotent and acknowledged by all in-sync replicas: a send that succeeded is durable."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        enable_idempotence=True,
        acks="all",
        linger_ms=2,
        request_timeout_ms=15_000,
    )


async def ensure_topics(bootstrap_servers: str, partitions: int = PARTITIONS) -> None:
    """Create the four service topics and their dead-letter topics if they do not exist yet."""
    names = [str(topic) for topic in Topic] + [dead_letter_topic(topic) for topic in Topic]
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [NewTopic(name, partitions, REPLICAS) for name in names if name not in existing]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass  # another replica created them first
    finally:
        await admin.close()


async def broker_reachable(producer: AIOKafkaProducer, within_seconds: float = 2.0) -> bool:
    try:
        await asyncio.wait_for(producer.client.fetch_all_metadata(), within_seconds)
    except Exception:
        return False
    return True
