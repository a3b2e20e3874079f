"""Creates every CareCoord topic and its dead-letter topic with the replication the cluster is
configured for (TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR, TOPIC_MIN_INSYNC_REPLICAS); topics that
exist already are left as they are. Run by the chart's topic Job with a service image."""

import asyncio
import os

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from carecoord.events.topics import Topic, dead_letter_topic


async def main() -> None:
    names = [str(topic) for topic in Topic] + [dead_letter_topic(topic) for topic in Topic]
    config = {"min.insync.replicas": os.environ["TOPIC_MIN_INSYNC_REPLICAS"]}
    partitions, replicas = int(os.environ["TOPIC_PARTITIONS"]), int(os.environ["TOPIC_REPLICATION_FACTOR"])
    admin = AIOKafkaAdminClient(bootstrap_servers=os.environ["KAFKA_BOOTSTRAP_SERVERS"])
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [NewTopic(n, partitions, replicas, topic_configs=config) for n in names if n not in existing]
        if wanted:
            await admin.create_topics(wanted)
        print(f"created {len(wanted)} topics, {len(names) - len(wanted)} existed")
    finally:
        await admin.close()


asyncio.run(main())
