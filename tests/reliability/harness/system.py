"""The four services as real processes on the suite's own broker and database, with the handles a
fault scenario needs: kill, pause, restart a process; the databases and consumer groups to read."""

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from carecoord.events.topics import Topic
from carecoord.kafka import PARTITIONS, ensure_topics
from carecoord_local.kafka import KafkaBroker
from carecoord_local.ports import free_port
from carecoord_local.postgres import PostgresServer
from carecoord_local.services import DEFAULT_PORTS, ServiceProcess
from carecoord_local.testing import MintToken

SERVICES = tuple(DEFAULT_PORTS)
# What each service consumes (its consumer module's TOPICS), for reading inboxes and lag.
CONSUMES = {
    "referrals": (Topic.SCHEDULING, Topic.NOTES),
    "scheduling": (Topic.REFERRALS,),
    "notes": (Topic.REFERRALS, Topic.SCHEDULING),
    "notifications": (Topic.REFERRALS, Topic.SCHEDULING, Topic.NOTES),
}
# Short schedules so that a scenario's retries, leases and sweeps fit in seconds.
TEST_ENV = {
    "ENVIRONMENT": "test",
    "LOG_LEVEL": "WARNING",
    "OUTBOX_SWEEP_SECONDS": "0.5",
    "CONSUMER_RETRY_BACKOFF_SECONDS": "0.1",
    "WEBHOOK_ALLOW_INSECURE_TARGETS": "true",
    "DELIVERY_POLL_SECONDS": "0.2",
    "WEBHOOK_TIMEOUT_SECONDS": "2",
    "WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0.2, 0.5, 1, 2, 3, 5]",
}


@dataclass
class Infra:
    broker: KafkaBroker
    postgres: PostgresServer

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap_servers

    @property
    def admin_url(self) -> str:
        return self.postgres.url("postgres", driver="postgresql")


@dataclass
class System:
    infra: Infra
    mint: MintToken
    databases: dict[str, str]
    groups: dict[str, str]
    processes: dict[str, list[ServiceProcess]] = field(default_factory=dict)

    def url(self, service: str, replica: int = 0) -> str:
        return self.processes[service][replica].url

    def live_url(self, service: str) -> str:
        """A running replica, chosen at random: the load spreads over replicas and avoids a
        stopped one, as a load balancer's health check would."""
        running = [p for p in self.processes[service] if p.pid is not None]
        return random.choice(running or self.processes[service]).url

    def dsn(self, service: str) -> str:
        """A plain asyncpg DSN of the service's database, for the reconciliation's reads."""
        return self.infra.postgres.url(self.databases[service], driver="postgresql")

    async def query(self, service: str, sql: str, *args: object) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.dsn(service))
        try:
            return list(await connection.fetch(sql, *args))
        finally:
            await connection.close()

    async def restart(self, service: str, replica: int = 0) -> None:
        process = self.processes[service][replica]
        process.start()
        await asyncio.to_thread(process.wait_ready, 90)

    def stop(self) -> None:
        for replicas in self.processes.values():
            for process in replicas:
                process.resume()
                process.stop()

    def drop_databases(self) -> None:
        for database in self.databases.values():
            self.infra.postgres.psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


async def launch_system(
    infra: Infra,
    dev_keys: tuple[Path, Path],
    mint: MintToken,
    logs: Path,
    *,
    replicas: int = 1,
    env: dict[str, str],
) -> System:
    run = uuid.uuid4().hex[:8]
    databases = {name: f"rel_{name}_{run}" for name in SERVICES}
    groups = {name: f"{name}-{run}" for name in SERVICES}
    for database in databases.values():
        infra.postgres.create_database(database)
    await ensure_topics(infra.bootstrap)
    await start_groups_at_end(infra.bootstrap, groups)
    system = System(infra, mint, databases, groups)
    for name in SERVICES:
        service_env = {
            **TEST_ENV,
            "DATABASE_URL": infra.postgres.url(databases[name]),
            "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap,
            "JWT_DEV_PUBLIC_KEY_PATH": str(dev_keys[1]),
            "CONSUMER_GROUP": groups[name],
            **env,
        }
        system.processes[name] = [
            ServiceProcess(name, free_port(), service_env, logs / f"{name}-{replica}.log")
            for replica in range(replicas)
        ]
    everyone = [process for replicas_of in system.processes.values() for process in replicas_of]
    for process in everyone:
        process.start()
    try:
        await asyncio.gather(*(asyncio.to_thread(process.wait_ready, 120) for process in everyone))
    except BaseException:
        system.stop()
        raise
    return system


async def start_groups_at_end(bootstrap: str, groups: dict[str, str]) -> None:
    """Earlier scenarios' events stay on the shared topics; a new system's consumer groups start
    after them so each scenario processes (and reconciles) only its own."""
    for service, group in groups.items():
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = [
                TopicPartition(str(topic), partition)
                for topic in CONSUMES[service]
                for partition in range(PARTITIONS)
            ]
            ends = await consumer.end_offsets(partitions)
            consumer.assign(partitions)
            await consumer.commit(ends)
        finally:
            await consumer.stop()
