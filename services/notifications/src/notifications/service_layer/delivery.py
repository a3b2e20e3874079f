"""The webhook delivery worker: sends due webhooks, records every attempt, retries with backoff,
dead-letters after the last attempt, disables an endpoint that answers 410 Gone or has failed for
too long (with a notice in its owner's inbox).

Deliveries are claimed with a lease (``FOR UPDATE SKIP LOCKED``), so several replicas never send
the same attempt twice, and an attempt lost to a crash is retried when its lease runs out. Each
send runs as its own task, so a slow or silent receiver holds one slot, never the others.
"""

import asyncio
from datetime import UTC, datetime, timedelta

from carecoord.events import NotificationDelivered, NotificationFailed
from carecoord.outbox import Transactions, UnitOfWork
from carecoord.telemetry import context_from_traceparent, tracer
from opentelemetry.trace import SpanKind

from notifications.adapters import deliveries as log
from notifications.adapters.inbox import add_inbox_items
from notifications.adapters.webhook_client import AttemptResult, WebhookClient
from notifications.domain.webhooks import Outcome, failing_too_long, outcome_of, retry_delay
from notifications.service_layer.polling import PollingWorker

DRAIN_SECONDS = 10.0  # at shutdown; a process manager's stop timeout is usually 20-30 s


class DeliveryWorker(PollingWorker):
    def __init__(
        self,
        transactions: Transactions,
        client: WebhookClient,
        retry_schedule: list[float],
        poll_seconds: float,
        lease_seconds: float,
        disable_after_failing: timedelta,
        max_in_flight: int = 100,
    ) -> None:
        super().__init__(poll_seconds)
        self._transactions = transactions
        self._client = client
        self._schedule = retry_schedule
        self._lease = timedelta(seconds=lease_seconds)
        self._disable_after = disable_after_failing
        self._max_in_flight = max_in_flight
        self._in_flight: set[asyncio.Task[None]] = set()

    async def close(self) -> None:
        """Sends already on the wire get a little time to finish and be recorded: one cut off
        after the endpoint took it would be sent again (same webhook-id) once its lease ran out."""
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=DRAIN_SECONDS)
        for task in self._in_flight:
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self._client.close()

    async def step(self) -> bool:
        free = self._max_in_flight - len(self._in_flight)
        if free <= 0:
            return False  # a finishing send wakes the loop
        claimed = await log.claim_due(self._transactions.engine, self._lease, free)
        for row in claimed:
            task = asyncio.create_task(self._deliver(row))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)
        return len(claimed) == free

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self.wake()

    async def _deliver(self, row: log.Row) -> None:
        """In the trace of the delivered event, so the outcome event it may publish continues it."""
        with tracer().start_as_current_span(
            f"deliver {row.event_type}",
            context=context_from_traceparent(row.traceparent),
            kind=SpanKind.CLIENT,
            attributes={"cloudevents.event_id": row.event_id, "webhook.delivery_id": row.id},
        ):
            secrets = [row.secret]
            if row.previous_secret and row.previous_secret_expires_at > datetime.now(UTC):
                secrets.append(row.previous_secret)
            started = datetime.now(UTC)
            result = await self._client.send(row.url, secrets, row.event_id, row.payload)
            async with self._transactions.begin() as uow:
                await self._record(uow, row, result, started)

    async def _record(self, uow: UnitOfWork, row: log.Row, result: AttemptResult, started: datetime) -> None:
        """The next attempt is due ``delay`` after this one ended, so attempts that start on time
        are at least ``delay`` apart in the log, however loaded the machine."""
        attempts = row.attempts + 1
        await log.record_attempt(
            uow.connection, row.id, started, result.status_code, result.latency_ms, result.error
        )
        outcome = outcome_of(result.status_code)
        delay = (
            None
            if outcome is not Outcome.RETRY
            else retry_delay(self._schedule, attempts, result.retry_after_seconds)
        )
        status = "delivered" if outcome is Outcome.DELIVERED else ("pending" if delay is not None else "dead")
        await log.update_delivery(
            uow.connection,
            row.id,
            status=status,
            attempts=attempts,
            next_attempt_at=datetime.now(UTC) + timedelta(seconds=delay or 0),
            last_status_code=result.status_code,
            last_error=result.error,
        )
        failing_since = await log.note_endpoint_health(
            uow.connection, row.subscription_id, status == "delivered"
        )
        if outcome is Outcome.GONE:
            await self._disable(uow, row, "endpoint answered 410 Gone")
        elif failing_too_long(failing_since, datetime.now(UTC), self._disable_after):
            await self._disable(
                uow, row, f"endpoint has failed every delivery since {failing_since:%Y-%m-%d %H:%M} UTC"
            )
        if status != "pending":
            await self._announce(uow, row, attempts, status, result)

    async def _disable(self, uow: UnitOfWork, row: log.Row, reason: str) -> None:
        if not await log.disable_subscription(uow.connection, row.subscription_id, reason):
            return
        notice = {
            "clinic_id": row.clinic_id,
            "recipient_id": row.owner,
            "patient_id": None,
            "source_key": f"subscription-disabled:{row.subscription_id}:{row.id}",
            "category": "webhook_disabled",
            "title": "Webhook endpoint disabled",
            "body": f"Subscription {row.subscription_id} was disabled: {reason}. "
            "Fix the endpoint, then resume the subscription; held deliveries will follow.",
            "link": f"/subscriptions/{row.subscription_id}",
        }
        await add_inbox_items(uow.connection, [notice])

    async def _announce(
        self, uow: UnitOfWork, row: log.Row, attempts: int, status: str, result: AttemptResult
    ) -> None:
        if row.patient_id is None:
            return  # a test delivery is about no patient and is not announced
        common = {
            "clinic_id": row.clinic_id,
            "patient_id": row.patient_id,
            "delivery_id": row.id,
            "subscription_id": row.subscription_id,
            "event_id": row.event_id,
            "event_type": row.event_type,
            "attempts": attempts,
        }
        subject = f"deliveries/{row.id}"
        if status == "delivered":
            await uow.publish(NotificationDelivered(**common), subject=subject)
            return
        reason = (
            "endpoint answered 410 Gone; subscription disabled"
            if result.status_code == 410
            else f"gave up after {attempts} attempts; last status {result.status_code}, error {result.error}"
        )
        await uow.publish(NotificationFailed(**common, reason=reason), subject=subject)
