"""The delivery worker: sends due webhooks, records every attempt, retries with backoff,
dead-letters after the last attempt and disables an endpoint that answers 410 Gone.

Deliveries are claimed with a lease (``FOR UPDATE SKIP LOCKED``), so several replicas never send
the same attempt twice, and an attempt lost to a crash is retried when its lease runs out.
"""

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from carecoord.events import NotificationDelivered, NotificationFailed
from carecoord.outbox import Transactions, UnitOfWork

from notifications.adapters.tables import deliveries, delivery_attempts, subscriptions
from notifications.adapters.webhook_client import AttemptResult, WebhookClient
from notifications.domain.webhooks import Outcome, outcome_of, retry_delay

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(
        self,
        transactions: Transactions,
        client: WebhookClient,
        retry_schedule: list[float],
        poll_seconds: float,
        lease_seconds: float,
        batch_size: int = 50,
    ) -> None:
        self._transactions = transactions
        self._client = client
        self._schedule = retry_schedule
        self._poll_seconds = poll_seconds
        self._lease = timedelta(seconds=lease_seconds)
        self._batch_size = batch_size
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        self._wakeup.set()

    async def close(self) -> None:
        await self._client.close()

    async def run(self) -> None:
        while True:
            self._wakeup.clear()
            try:
                sent = await self.deliver_due()
            except Exception:
                log.exception("delivery round failed; due deliveries stay due")
                sent = 0
            if sent < self._batch_size:
                try:
                    await asyncio.wait_for(self._wakeup.wait(), self._poll_seconds)
                except TimeoutError:
                    pass

    async def deliver_due(self) -> int:
        claimed = await self._claim_due()
        results = await asyncio.gather(
            *(self._client.send(row.url, row.secret, row.event_id, row.payload) for row in claimed)
        )
        for row, result in zip(claimed, results, strict=True):
            async with self._transactions.begin() as uow:
                await self._record(uow, row, result)
        return len(claimed)

    async def _claim_due(self) -> list[sa.Row[tuple[object, ...]]]:
        now = datetime.now(UTC)
        due = (
            sa.select(deliveries.c.id)
            .where(deliveries.c.status == "pending", deliveries.c.next_attempt_at <= now)
            .order_by(deliveries.c.next_attempt_at)
            .limit(self._batch_size)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        async with self._transactions.engine.begin() as connection:
            leased = (
                (
                    await connection.execute(
                        deliveries.update()
                        .where(deliveries.c.id.in_(due))
                        .values(next_attempt_at=now + self._lease)
                        .returning(deliveries.c.id)
                    )
                )
                .scalars()
                .all()
            )
            if not leased:
                return []
            rows = await connection.execute(
                sa.select(deliveries, subscriptions.c.url, subscriptions.c.secret)
                .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
                .where(deliveries.c.id.in_(leased))
            )
            return list(rows.all())

    async def _record(self, uow: UnitOfWork, row: sa.Row[tuple[object, ...]], result: AttemptResult) -> None:
        attempts = row.attempts + 1
        await uow.connection.execute(
            delivery_attempts.insert().values(
                delivery_id=row.id,
                status_code=result.status_code,
                latency_ms=result.latency_ms,
                error=result.error,
            )
        )
        outcome = outcome_of(result.status_code)
        delay = (
            None
            if outcome is not Outcome.RETRY
            else retry_delay(self._schedule, attempts, result.retry_after_seconds)
        )
        if outcome is Outcome.DELIVERED:
            status = "delivered"
        elif delay is not None:
            status = "pending"
        else:
            status = "dead"
        next_attempt = datetime.now(UTC) + timedelta(seconds=delay or 0)
        await uow.connection.execute(
            deliveries.update()
            .where(deliveries.c.id == row.id)
            .values(
                status=status,
                attempts=attempts,
                next_attempt_at=next_attempt,
                last_status_code=result.status_code,
                last_error=result.error,
            )
        )
        if outcome is Outcome.GONE:
            await uow.connection.execute(
                subscriptions.update()
                .where(subscriptions.c.id == row.subscription_id)
                .values(status="disabled")
            )
        if status != "pending":
            await self._announce(uow, row, attempts, status, result)

    async def _announce(
        self,
        uow: UnitOfWork,
        row: sa.Row[tuple[object, ...]],
        attempts: int,
        status: str,
        result: AttemptResult,
    ) -> None:
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
        else:
            reason = (
                "endpoint answered 410 Gone; subscription disabled"
                if result.status_code == 410
                else (
                    f"gave up after {attempts} attempts; last status {result.status_code}, error {result.error}"
                )
            )
            await uow.publish(NotificationFailed(**common, reason=reason), subject=subject)
