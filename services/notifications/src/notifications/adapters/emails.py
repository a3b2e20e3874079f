"""Queued email in PostgreSQL, claimed with a lease so several replicas never send one twice at
once and a send lost to a crash is retried when the lease runs out."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notifications.adapters.tables import email_messages

Row = sa.Row[tuple[Any, ...]]


async def queue_emails(connection: AsyncConnection, messages: Sequence[dict[str, object]]) -> None:
    if not messages:
        return
    now = datetime.now(UTC)
    rows = [{"id": str(uuid.uuid4()), "status": "pending", "next_attempt_at": now, **m} for m in messages]
    await connection.execute(
        insert(email_messages)
        .values(rows)
        .on_conflict_do_nothing(constraint="email_messages_once_per_source_and_recipient")
    )


async def claim_due_emails(engine: AsyncEngine, lease: timedelta, limit: int) -> list[Row]:
    now = datetime.now(UTC)
    due = (
        sa.select(email_messages.c.id)
        .where(email_messages.c.status == "pending", email_messages.c.next_attempt_at <= now)
        .order_by(email_messages.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    async with engine.begin() as connection:
        return list(
            (
                await connection.execute(
                    email_messages.update()
                    .where(email_messages.c.id.in_(due))
                    .values(next_attempt_at=now + lease)
                    .returning(email_messages)
                )
            ).all()
        )


async def record_email_attempt(
    connection: AsyncConnection,
    message_id: str,
    *,
    status: str,
    attempts: int,
    error: str | None,
    retry_in: float,
) -> None:
    now = datetime.now(UTC)
    await connection.execute(
        email_messages.update()
        .where(email_messages.c.id == message_id)
        .values(
            status=status,
            attempts=attempts,
            last_error=error,
            next_attempt_at=now + timedelta(seconds=retry_in),
            sent_at=now if status == "sent" else None,
        )
    )
