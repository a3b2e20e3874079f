"""Subscriptions and their delivery log in PostgreSQL."""

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import deliveries, subscriptions


async def add_subscription(
    connection: AsyncConnection, values: dict[str, object]
) -> sa.Row[tuple[object, ...]]:
    row: sa.Row[tuple[object, ...]] = (
        await connection.execute(subscriptions.insert().values(**values).returning(subscriptions))
    ).one()
    return row


async def list_subscriptions(
    connection: AsyncConnection, clinic_id: str, limit: int, offset: int
) -> list[sa.Row[tuple[object, ...]]]:
    rows = await connection.execute(
        sa.select(subscriptions)
        .where(subscriptions.c.clinic_id == clinic_id)
        .order_by(subscriptions.c.created_at, subscriptions.c.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all())


async def subscription_exists(connection: AsyncConnection, clinic_id: str, subscription_id: str) -> bool:
    found = await connection.scalar(
        sa.select(subscriptions.c.id).where(
            subscriptions.c.id == subscription_id, subscriptions.c.clinic_id == clinic_id
        )
    )
    return found is not None


async def list_deliveries(
    connection: AsyncConnection, subscription_id: str, limit: int, offset: int
) -> list[sa.Row[tuple[object, ...]]]:
    rows = await connection.execute(
        sa.select(deliveries)
        .where(deliveries.c.subscription_id == subscription_id)
        .order_by(deliveries.c.created_at, deliveries.c.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all())
