"""Scheduled reminders and check-ins in PostgreSQL: one row per (appointment, kind)."""

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import scheduled_notices

Row = sa.Row[tuple[Any, ...]]
SCHEDULED, FIRED, SKIPPED, CANCELLED = "scheduled", "fired", "skipped", "cancelled"


async def schedule(
    connection: AsyncConnection,
    *,
    clinic_id: str,
    patient_id: str,
    appointment_id: str,
    kind: str,
    due_at: datetime,
    details: dict[str, Any],
    replace: bool,
) -> None:
    """``replace`` moves an existing notice to the new time (a reschedule) and re-arms it even if
    it already fired for the old time; otherwise an existing notice is left alone."""
    statement = insert(scheduled_notices).values(
        id=str(uuid.uuid4()),
        clinic_id=clinic_id,
        patient_id=patient_id,
        appointment_id=appointment_id,
        kind=kind,
        due_at=due_at,
        status=SCHEDULED,
        details=details,
    )
    constraint = "scheduled_notices_one_per_appointment_and_kind"
    if replace:
        statement = statement.on_conflict_do_update(
            constraint=constraint,
            set_={"due_at": due_at, "details": details, "status": SCHEDULED, "fired_at": None},
        )
    else:
        statement = statement.on_conflict_do_nothing(constraint=constraint)
    await connection.execute(statement)


async def cancel(connection: AsyncConnection, appointment_id: str) -> None:
    await connection.execute(
        scheduled_notices.update()
        .where(scheduled_notices.c.appointment_id == appointment_id, scheduled_notices.c.status == SCHEDULED)
        .values(status=CANCELLED)
    )


async def lock_due(connection: AsyncConnection, limit: int) -> list[Row]:
    """Due rows, locked for this transaction; another replica skips them (``SKIP LOCKED``) and
    finds them no longer scheduled once this transaction commits."""
    rows = await connection.execute(
        sa.select(scheduled_notices)
        .where(scheduled_notices.c.status == SCHEDULED, scheduled_notices.c.due_at <= datetime.now(UTC))
        .order_by(scheduled_notices.c.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows.all())


async def mark(connection: AsyncConnection, notice_id: str, status: str) -> None:
    await connection.execute(
        scheduled_notices.update()
        .where(scheduled_notices.c.id == notice_id)
        .values(status=status, fired_at=datetime.now(UTC))
    )
