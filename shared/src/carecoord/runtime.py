"""What a service process runs beside its routes, started and stopped by FastAPI's lifespan:
migrations, the database engine, the idempotent producer, the outbox relay and the consumer."""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from carecoord.auth import TokenVerifier
from carecoord.consumer import BatchHandler, ConsumerRunner
from carecoord.db import make_engine
from carecoord.kafka import broker_reachable, ensure_topics, make_producer
from carecoord.migrations import upgrade_to_head
from carecoord.outbox import OutboxRelay, Transactions
from carecoord.settings import ServiceSettings
from carecoord.telemetry import instrument_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Consumption:
    topics: Sequence[str]
    handler: BatchHandler


class Worker(Protocol):
    """A long-running loop started with the service, woken after each commit."""

    async def run(self) -> None: ...
    def wake(self) -> None: ...
    async def close(self) -> None: ...


class ServiceRuntime:
    def __init__(
        self,
        name: str,
        settings: ServiceSettings,
        migrations_dir: Path,
        consumption: Consumption | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self._migrations_dir = migrations_dir
        self._consumption = consumption
        self.engine = make_engine(settings.database_url)
        if settings.otel_exporter_otlp_endpoint:
            instrument_database(self.engine)
        self.transactions = Transactions(self.engine, source=f"/carecoord/{name}", after_commit=[])
        self.verifier = TokenVerifier(
            settings.jwt_issuer,
            settings.jwt_audience,
            jwks_url=settings.jwt_jwks_url,
            public_key_path=settings.jwt_dev_public_key_path,
        )
        self._consumer: ConsumerRunner | None = None
        self._workers: list[Worker] = []
        self._tasks: list[asyncio.Task[None]] = []

    def add_worker(self, worker: Worker) -> None:
        self._workers.append(worker)
        self.transactions.after_commit.append(worker.wake)

    async def start(self) -> None:
        await upgrade_to_head(self.settings.database_url, self._migrations_dir)
        await ensure_topics(self.settings.kafka_bootstrap_servers)
        # aiokafka clients bind to the running loop, so they are made here rather than in __init__.
        self.producer = make_producer(self.settings.kafka_bootstrap_servers)
        await self.producer.start()
        self.relay = OutboxRelay(self.engine, self.producer, sweep_seconds=self.settings.outbox_sweep_seconds)
        self.transactions.after_commit.insert(0, self.relay.wake)
        self._tasks.append(asyncio.create_task(self.relay.run(), name=f"{self.name}-outbox-relay"))
        self._tasks.extend(asyncio.create_task(worker.run()) for worker in self._workers)
        if self._consumption is not None:
            self._consumer = ConsumerRunner(
                bootstrap_servers=self.settings.kafka_bootstrap_servers,
                group_id=self.settings.consumer_group or f"carecoord-{self.name}",
                topics=self._consumption.topics,
                transactions=self.transactions,
                handler=self._consumption.handler,
                producer=self.producer,
                max_attempts=self.settings.consumer_max_attempts,
                retry_backoff_seconds=self.settings.consumer_retry_backoff_seconds,
            )
            self._consumer_task = asyncio.create_task(self._consume_forever(), name=f"{self.name}-consumer")
            self._tasks.append(self._consumer_task)
        log.info("%s started", self.name)

    producer: AIOKafkaProducer
    relay: OutboxRelay

    async def _consume_forever(self) -> None:
        assert self._consumer is not None
        while True:
            try:
                await self._consumer.run()
                return
            except Exception:
                log.exception("consumer crashed; restarting it")
                await asyncio.sleep(1)

    async def stop(self) -> None:
        if self._consumer is not None:
            self._consumer.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._consumer_task), 10)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for worker in self._workers:
            await worker.close()
        with contextlib.suppress(Exception):
            await self.relay.publish_pending()  # a last flush; the next start sweeps anything left
        await self.producer.stop()
        await self.engine.dispose()

    async def readiness(self) -> dict[str, bool]:
        return {"database": await self._database_reachable(), "broker": await broker_reachable(self.producer)}

    async def _database_reachable(self) -> bool:
        try:
            async with asyncio.timeout(2):
                async with self.engine.connect() as connection:
                    await connection.execute(sa.text("SELECT 1"))
        except Exception:
            return False
        return True
