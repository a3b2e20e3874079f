"""Transactional outbox: a write and the events announcing it commit in one transaction.

The relay publishes right after each local commit (``wake``) and sweeps on an interval for rows
another replica or a crash left behind. It takes the oldest unpublished rows rather than reading
past a cursor, so a row whose transaction committed after a later id was published is never
skipped. One relay per database holds the advisory lock at a time, which keeps each patient's
events in order across replicas; it deletes rows only after Kafka acknowledged them.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from carecoord.db import outbox
from carecoord.envelope import CloudEvent, binary_mode_headers
from carecoord.events.base import Event
from carecoord.metrics import OUTBOX_PUBLISHED
from carecoord.telemetry import current_traceparent
from carecoord.wakeup import Wakeup

log = logging.getLogger(__name__)
_RELAY_LOCK = 727_002
# The stored JSON goes to Kafka as text, without a decode and re-encode per row.
_OLDEST_ROWS = sa.text(
    "SELECT id, event_id::text, topic, key, type, source, subject, time, data::text AS body, traceparent "
    "FROM outbox ORDER BY id LIMIT :limit"
).columns(time=sa.DateTime(timezone=True))
_DELETE_PUBLISHED = sa.text("DELETE FROM outbox WHERE id = ANY(CAST(:ids AS bigint[]))")


class UnitOfWork:
    """One database transaction; ``publish`` stages an event in the outbox inside it."""

    def __init__(self, connection: AsyncConnection, source: str) -> None:
        self.connection = connection
        self.source = source

    async def publish(self, event: Event, *, subject: str) -> CloudEvent:
        return await stage(self.connection, event, source=self.source, subject=subject)


async def stage(
    connection: AsyncConnection, event: Event, *, source: str, subject: str, key: str | None = None
) -> CloudEvent:
    """Write ``event`` to the outbox in ``connection``'s transaction; keyed by the model's key field
    (the patient) unless ``key`` says otherwise."""
    cloud_event = CloudEvent(
        type=event.type,
        source=source,
        subject=subject,
        data=event.model_dump(mode="json"),
        traceparent=current_traceparent(),
    )
    await connection.execute(
        outbox.insert().values(
            event_id=cloud_event.id,
            topic=str(event.topic),
            key=key if key is not None else event.message_key(),
            type=cloud_event.type,
            source=cloud_event.source,
            subject=cloud_event.subject,
            time=cloud_event.time,
            data=cloud_event.data,
            traceparent=cloud_event.traceparent,
        )
    )
    return cloud_event


class Transactions:
    """Opens units of work; after each commit the relay (and any other worker that acts on
    committed rows) is woken to act at once rather than at its next sweep."""

    def __init__(self, engine: AsyncEngine, source: str, after_commit: list[Callable[[], None]]) -> None:
        self.engine = engine
        self.source = source
        self.after_commit = after_commit

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[UnitOfWork]:
        async with self.engine.begin() as connection:
            yield UnitOfWork(connection, self.source)
        for wake in self.after_commit:
            wake()


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        producer: AIOKafkaProducer,
        sweep_seconds: float = 1.0,
        batch_size: int = 2000,
    ) -> None:
        self._engine = engine
        self._producer = producer
        self._sweep_seconds = sweep_seconds
        self._batch_size = batch_size
        self._wakeup = Wakeup()

    def wake(self) -> None:
        self._wakeup.set()

    async def run(self) -> None:
        while True:
            try:
                published = await self.publish_pending()
            except Exception:
                log.exception("outbox relay failed; rows stay in the outbox and are retried")
                published = 0
                await asyncio.sleep(self._sweep_seconds)
            if published < self._batch_size:
                await self._wakeup.wait(self._sweep_seconds)

    async def publish_pending(self) -> int:
        """Publish the oldest unpublished batch; 0 when empty or another replica holds the relay."""
        async with self._engine.begin() as connection:
            if not await connection.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(_RELAY_LOCK))):
                return 0
            rows = (await connection.execute(_OLDEST_ROWS, {"limit": self._batch_size})).all()
            if not rows:
                return 0
            sends = [await self._send(row) for row in rows]
            await asyncio.gather(*sends)
            await connection.execute(_DELETE_PUBLISHED, {"ids": [row.id for row in rows]})
        OUTBOX_PUBLISHED.inc(len(rows))
        return len(rows)

    async def _send(self, row: sa.Row[tuple[object, ...]]) -> "asyncio.Future[object]":
        headers = binary_mode_headers(
            id=row.event_id,
            source=row.source,
            type=row.type,
            time=row.time,
            subject=row.subject,
            traceparent=row.traceparent,
        )
        sent: asyncio.Future[object] = await self._producer.send(
            row.topic, value=row.body.encode(), key=row.key.encode(), headers=headers
        )
        return sent
