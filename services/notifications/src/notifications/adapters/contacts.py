"""Contact points a clinic registers for a subject id (a staff member's or a patient's)."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import contact_points

Row = sa.Row[tuple[Any, ...]]


async def put_contact(
    connection: AsyncConnection, clinic_id: str, subject_id: str, email: str | None, display_name: str | None
) -> Row:
    values = {"email": email, "display_name": display_name, "updated_at": sa.func.now()}
    row: Row = (
        await connection.execute(
            insert(contact_points)
            .values(clinic_id=clinic_id, subject_id=subject_id, **values)
            .on_conflict_do_update(index_elements=["clinic_id", "subject_id"], set_=values)
            .returning(contact_points)
        )
    ).one()
    return row


async def get_contact(connection: AsyncConnection, clinic_id: str, subject_id: str) -> Row | None:
    return (
        await connection.execute(
            sa.select(contact_points).where(
                contact_points.c.clinic_id == clinic_id, contact_points.c.subject_id == subject_id
            )
        )
    ).first()


async def contacts_for(connection: AsyncConnection, clinic_id: str, subject_ids: list[str]) -> dict[str, Row]:
    if not subject_ids:
        return {}
    rows = await connection.execute(
        sa.select(contact_points).where(
            contact_points.c.clinic_id == clinic_id, contact_points.c.subject_id.in_(subject_ids)
        )
    )
    return {row.subject_id: row for row in rows}
