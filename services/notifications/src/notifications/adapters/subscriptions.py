"""Subscriptions and their delivery log in PostgreSQL. Every lookup is scoped to a clinic."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from carecoord.pagination import Key, after
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import deliveries, delivery_attempts, subscriptions

Row = sa.Row[tuple[Any, ...]]


async def add_subscription(connection: AsyncConnection, values: dict[str, object]) -> Row:
    row: Row = (
        await connection.execute(subscriptions.insert().values(**values).returning(subscriptions))
    ).one()
    return row


async def list_subscriptions(
    connection: AsyncConnection, clinic_id: str, after_row: Key | None, limit: int
) -> list[Row]:
    """Up to ``limit + 1`` subscriptions, oldest first: the extra one says another page follows."""
    order = (subscriptions.c.created_at, subscriptions.c.id)
    rows = await connection.execute(
        sa.select(subscriptions)
        .where(subscriptions.c.clinic_id == clinic_id, *after(order, after_row, descending=False))
        .order_by(*order)
        .limit(limit + 1)
    )
    return list(rows.all())


def _one(clinic_id: str, subscription_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(subscriptions.c.id == subscription_id, subscriptions.c.clinic_id == clinic_id)


async def get_subscription(connection: AsyncConnection, clinic_id: str, subscription_id: str) -> Row | None:
    return (
        await connection.execute(sa.select(subscriptions).where(_one(clinic_id, subscription_id)))
    ).first()


async def update_subscription(
    connection: AsyncConnection, clinic_id: str, subscription_id: str, **values: object
) -> Row | None:
    row: Row | None = (
        await connection.execute(
            subscriptions.update()
            .where(_one(clinic_id, subscription_id))
            .values(**values)
            .returning(subscriptions)
        )
    ).first()
    return row


async def subscription_exists(connection: AsyncConnection, clinic_id: str, subscription_id: str) -> bool:
    return await get_subscription(connection, clinic_id, subscription_id) is not None


async def list_deliveries(
    connection: AsyncConnection,
    subscription_id: str,
    after_row: Key | None,
    limit: int,
    since: datetime | None = None,
    status: str | None = None,
) -> list[Row]:
    """Up to ``limit + 1`` deliveries, oldest first: the extra one says another page follows."""
    order = (deliveries.c.created_at, deliveries.c.id)
    query = sa.select(deliveries).where(
        deliveries.c.subscription_id == subscription_id, *after(order, after_row, descending=False)
    )
    if since is not None:
        query = query.where(deliveries.c.created_at >= since)
    if status is not None:
        query = query.where(deliveries.c.status == status)
    rows = await connection.execute(query.order_by(*order).limit(limit + 1))
    return list(rows.all())


async def get_delivery(connection: AsyncConnection, subscription_id: str, delivery_id: str) -> Row | None:
    return (
        await connection.execute(
            sa.select(deliveries).where(
                deliveries.c.id == delivery_id, deliveries.c.subscription_id == subscription_id
            )
        )
    ).first()


async def attempts_of(connection: AsyncConnection, delivery_id: str) -> list[Row]:
    rows = await connection.execute(
        sa.select(delivery_attempts)
        .where(delivery_attempts.c.delivery_id == delivery_id)
        .order_by(delivery_attempts.c.id)
    )
    return list(rows.all())


async def add_delivery(connection: AsyncConnection, values: dict[str, object]) -> Row:
    row: Row = (await connection.execute(deliveries.insert().values(**values).returning(deliveries))).one()
    return row


async def rearm_deliveries(
    connection: AsyncConnection, subscription_id: str, since: datetime, until: datetime | None, now: datetime
) -> int:
    """Send again every delivery created in the window, with a fresh retry schedule and the same
    webhook-id (receivers that deduplicate by id see a resend, not a new message)."""
    query = deliveries.update().where(
        deliveries.c.subscription_id == subscription_id, deliveries.c.created_at >= since
    )
    if until is not None:
        query = query.where(deliveries.c.created_at < until)
    result = await connection.execute(
        query.values(status="pending", attempts=0, next_attempt_at=now, last_error=None)
    )
    return result.rowcount
