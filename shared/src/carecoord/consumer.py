"""The consumer runner: at-least-once delivery turned into exactly-once effects.

Per poll: decode each message (undecodable ones go straight to ``<topic>.dlq``), claim
the events in the inbox and run the handler in one transaction, commit that transaction, then
commit the offset. A redelivered event finds its id in the inbox and changes nothing. If the batch
fails, each message is retried alone a bounded number of times and dead-lettered with the reason
in headers, so one poison message never stops the partition. An outage (database or broker down)
is not the message's fault: the batch is rewound and retried until the outage ends.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

import sqlalchemy as sa
from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    ConsumerRebalanceListener,
    TopicPartition,
)
from aiokafka.errors import CommitFailedError, KafkaError

from carecoord.db import sqlstate
from carecoord.envelope import CloudEvent, EnvelopeError
from carecoord.events.topics import dead_letter_topic
from carecoord.metrics import DEAD_LETTERED, EVENTS_CONSUMED
from carecoord.outbox import Transactions, UnitOfWork

log = logging.getLogger(__name__)
BatchHandler = Callable[[UnitOfWork, Sequence[CloudEvent]], Awaitable[None]]


class Record(Protocol):
    """The parts of aiokafka's ConsumerRecord the runner reads (aiokafka ships no type hints)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


class Outage(Exception):
    """Processing cannot proceed for reasons outside the message; retry the batch later."""


# SQLSTATE classes of a server that cannot serve right now: connection exceptions (08), insufficient
# resources (53), operator intervention such as "starting up or shutting down" (57P).
_UNAVAILABLE_SQLSTATES = ("08", "53", "57P")


def is_outage(error: BaseException) -> bool:
    if isinstance(error, sa.exc.DBAPIError):
        if error.connection_invalidated or sqlstate(error).startswith(_UNAVAILABLE_SQLSTATES):
            return True
    return isinstance(
        error, OSError | TimeoutError | KafkaError | sa.exc.OperationalError | sa.exc.InterfaceError
    )


class ConsumerRunner:
    def __init__(
        self,
        *,
        bootstrap_servers: str,
        group_id: str,
        topics: Sequence[str],
        transactions: Transactions,
        handler: BatchHandler,
        producer: AIOKafkaProducer,
        max_attempts: int = 3,
        retry_backoff_seconds: float = 0.2,
        batch_size: int = 1000,
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._group_id = group_id
        self._topics = list(topics)
        self._transactions = transactions
        self._handler = handler
        self._producer = producer
        self._max_attempts = max_attempts
        self._backoff = retry_backoff_seconds
        self._batch_size = batch_size
        self._processing = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._committing: asyncio.Task[None] | None = None

    async def run(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap_servers,
            group_id=self._group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=self._batch_size,
        )
        self._consumer.subscribe(
            self._topics, listener=_FinishBatchBeforeRevoke(self._processing, self._committed)
        )
        await self._consumer.start()
        try:
            while not self._stopping.is_set():
                batches = await self._consumer.getmany(timeout_ms=200, max_records=self._batch_size)
                async with self._processing:
                    outage = await self._process_batches(batches)
                if outage:
                    await asyncio.sleep(self._backoff * 5)
        finally:
            try:
                await self._committed()
            except Exception as error:  # the group redelivers from the last commit; the inbox absorbs it
                log.warning("last offset commit failed: %r", error)
            await self._consumer.stop()

    def stop(self) -> None:
        """Finish the batch in hand, commit, leave the group."""
        self._stopping.set()

    async def _process_batches(self, batches: dict[TopicPartition, list[Record]]) -> bool:
        """One transaction and one offset commit for everything a poll returned; True on an outage,
        after rewinding every partition to the first message of the batch."""
        if not batches:
            return False
        try:
            await self.process_messages([message for messages in batches.values() for message in messages])
        except Exception as error:
            if not is_outage(error) and not isinstance(error, Outage):
                raise
            log.warning("outage while consuming, batch will be retried: %r", error)
            for partition, messages in batches.items():
                self._consumer.seek(partition, messages[0].offset)
            return True
        await self._committed()
        offsets = {partition: messages[-1].offset + 1 for partition, messages in batches.items()}
        self._committing = asyncio.create_task(self._commit(offsets))
        return False

    async def _committed(self) -> None:
        """Wait for the offset commit in flight, if any. Offsets are committed in the background
        while the next poll is handled (a commit takes milliseconds on the broker), at most one at a
        time so they only move forward; a crash before one lands redelivers events the inbox has."""
        committing, self._committing = self._committing, None
        if committing is not None:
            await committing

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        try:
            await self._consumer.commit(offsets)
        except CommitFailedError as error:
            # The partitions moved to another member; their effects are committed and the inbox
            # turns the redelivery there into a no-op.
            log.warning("offset commit refused after rebalance: %s", error)

    async def process_messages(self, messages: Sequence[Record]) -> None:
        events: list[tuple[Record, CloudEvent]] = []
        for message in messages:
            try:
                events.append((message, CloudEvent.from_kafka(message.value, list(message.headers))))
            except EnvelopeError as error:
                await self._dead_letter(message, error, attempts=0)
        if not events:
            return
        try:
            await self._handle([event for _, event in events])
        except Exception as error:
            if is_outage(error):
                raise
            log.warning("batch of %d failed (%r); retrying one by one", len(events), error)
            for message, event in events:
                await self._handle_alone(message, event)

    async def _handle_alone(self, message: Record, event: CloudEvent) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                await self._handle([event])
                return
            except Exception as error:
                if is_outage(error):
                    raise
                if attempt == self._max_attempts:
                    await self._dead_letter(message, error, attempts=attempt)
                    return
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))

    async def _handle(self, events: Sequence[CloudEvent]) -> None:
        async with self._transactions.begin() as uow:
            fresh = await _claim_in_inbox(uow, events)
            if fresh:
                await self._handler(uow, fresh)
        EVENTS_CONSUMED.labels("handled").inc(len(fresh))
        EVENTS_CONSUMED.labels("duplicate").inc(len(events) - len(fresh))

    async def _dead_letter(self, message: Record, error: BaseException, attempts: int) -> None:
        reason = f"{type(error).__name__}: {error}"[:1000]
        log.error("dead-lettering %s[%d]@%d: %s", message.topic, message.partition, message.offset, reason)
        headers = [
            *message.headers,
            ("dlq.reason", reason.encode()),
            ("dlq.attempts", str(attempts).encode()),
            ("dlq.original.topic", message.topic.encode()),
            ("dlq.original.partition", str(message.partition).encode()),
            ("dlq.original.offset", str(message.offset).encode()),
        ]
        try:
            await self._producer.send_and_wait(
                dead_letter_topic(message.topic), value=message.value, key=message.key, headers=headers
            )
        except KafkaError as send_error:
            raise Outage("dead-letter topic unreachable") from send_error
        DEAD_LETTERED.inc()


_CLAIM = sa.text(
    "INSERT INTO inbox (event_id, type) SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:types AS text[])) "
    "ON CONFLICT DO NOTHING RETURNING event_id"
)


async def _claim_in_inbox(uow: UnitOfWork, events: Sequence[CloudEvent]) -> list[CloudEvent]:
    """Record the events as received; return those not seen before, in their original order."""
    unique = list({event.id: event for event in events}.values())
    claimed = await uow.connection.execute(
        _CLAIM, {"ids": [event.id for event in unique], "types": [event.type for event in unique]}
    )
    fresh_ids = set(claimed.scalars())
    return [event for event in unique if event.id in fresh_ids]


class _FinishBatchBeforeRevoke(ConsumerRebalanceListener):  # type: ignore[misc]
    """Partitions leave this member only between batches, after their offsets are committed."""

    def __init__(self, processing: asyncio.Lock, committed: Callable[[], Awaitable[None]]) -> None:
        self._processing = processing
        self._committed = committed

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        async with self._processing:
            try:
                await self._committed()
            except Exception as error:  # the next owner redelivers; the inbox absorbs it
                log.warning("offset commit before revocation failed: %r", error)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        pass
