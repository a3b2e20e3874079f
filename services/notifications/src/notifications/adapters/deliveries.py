"""The webhook delivery log in PostgreSQL: claiming due deliveries with a lease, recording attempts."""

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notifications.adapters.tables import deliveries, delivery_attempts, subscriptions

Row = sa.Row[tuple[Any, ...]]


async def claim_due(engine: AsyncEngine, lease: timedelta, limit: int) -> list[Row]:
    """Due deliveries of active subscriptions (a paused or disabled one holds its deliveries
    until resumed), leased so no other replica sends them until the lease runs out."""
    now = datetime.now(UTC)
    due = (
        sa.select(deliveries.c.id)
        .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
        .where(
            deliveries.c.status == "pending",
            deliveries.c.next_attempt_at <= now,
            subscriptions.c.status == "active",
        )
        .order_by(deliveries.c.next_attempt_at)
        .limit(limit)
        .with_for_update(of=deliveries, skip_locked=True)
        .scalar_subquery()
    )
    async with engine.begin() as connection:
        leased = (
            await connection.scalars(
                deliveries.update()
                .where(deliveries.c.id.in_(due))
                .values(next_attempt_at=now + lease)
                .returning(deliveries.c.id)
            )
        ).all()
        if not leased:
            return []
        rows = await connection.execute(
            sa.select(
                deliveries,
                subscriptions.c.url,
                subscriptions.c.secret,
                subscriptions.c.previous_secret,
                subscriptions.c.previous_secret_expires_at,
                subscriptions.c.owner,
            )
            .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
            .where(deliveries.c.id.in_(leased))
        )
        return list(rows.all())


async def record_attempt(
    connection: AsyncConnection,
    delivery_id: str,
    started: datetime,
    status_code: int | None,
    latency_ms: float,
    error: str | None,
) -> None:
    """``started``: when the request went out (the log's ``at``)."""
    await connection.execute(
        delivery_attempts.insert().values(
            delivery_id=delivery_id, at=started, status_code=status_code, latency_ms=latency_ms, error=error
        )
    )


async def update_delivery(connection: AsyncConnection, delivery_id: str, **values: object) -> None:
    await connection.execute(deliveries.update().where(deliveries.c.id == delivery_id).values(**values))


async def note_endpoint_health(
    connection: AsyncConnection, subscription_id: str, ok: bool
) -> datetime | None:
    """Clear the failing streak on success; start it (if not started) on failure. Returns when
    the current streak began."""
    value = sa.null() if ok else sa.func.coalesce(subscriptions.c.failing_since, sa.func.now())
    failing_since: datetime | None = await connection.scalar(
        subscriptions.update()
        .where(subscriptions.c.id == subscription_id)
        .values(failing_since=value)
        .returning(subscriptions.c.failing_since)
    )
    return failing_since


async def disable_subscription(connection: AsyncConnection, subscription_id: str, reason: str) -> bool:
    """True when this call disabled it (it was not disabled already)."""
    result = await connection.execute(
        subscriptions.update()
        .where(subscriptions.c.id == subscription_id, subscriptions.c.status != "disabled")
        .values(status="disabled", disabled_reason=reason)
    )
    return result.rowcount > 0
