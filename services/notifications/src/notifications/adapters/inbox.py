"""In-app inbox items in PostgreSQL: one per (source, recipient), however often the source is seen."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from carecoord.care_teams import care_team_projection
from carecoord.pagination import Key, after
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import inbox_items

Row = sa.Row[tuple[Any, ...]]


async def add_inbox_items(connection: AsyncConnection, items: Sequence[dict[str, object]]) -> None:
    if items:
        await connection.execute(
            insert(inbox_items)
            .values(list(items))
            .on_conflict_do_nothing(constraint="inbox_items_once_per_source_and_recipient")
        )


def _visible_to(clinic_id: str, recipient_id: str) -> sa.ColumnElement[bool]:
    """The recipient's items about patients still in their care (someone removed from a care team
    stops seeing that patient's items) and items about no patient."""
    team = care_team_projection.c
    still_in_care = sa.exists().where(
        team.patient_id == inbox_items.c.patient_id,
        sa.or_(team.member_ids.any_() == recipient_id, team.referring_physician_ids.any_() == recipient_id),
    )
    return sa.and_(
        inbox_items.c.clinic_id == clinic_id,
        inbox_items.c.recipient_id == recipient_id,
        sa.or_(inbox_items.c.patient_id.is_(None), still_in_care),
    )


async def list_items(
    connection: AsyncConnection,
    clinic_id: str,
    recipient_id: str,
    *,
    after_id: int = 0,
    older_than: Key | None = None,
    unread_only: bool = False,
    limit: int = 50,
    newest_first: bool = True,
) -> list[Row]:
    """Items past ``after_id`` (a stream's last seen), or older than a page's last (``older_than``)."""
    query = sa.select(inbox_items).where(
        _visible_to(clinic_id, recipient_id),
        inbox_items.c.id > after_id,
        *after([inbox_items.c.id], older_than, descending=True),
    )
    if unread_only:
        query = query.where(inbox_items.c.read_at.is_(None))
    order = inbox_items.c.id.desc() if newest_first else inbox_items.c.id
    return list((await connection.execute(query.order_by(order).limit(limit))).all())


async def unread_count(connection: AsyncConnection, clinic_id: str, recipient_id: str) -> int:
    query = sa.select(sa.func.count()).where(
        _visible_to(clinic_id, recipient_id), inbox_items.c.read_at.is_(None)
    )
    return int(await connection.scalar(query) or 0)


async def mark_read(
    connection: AsyncConnection, clinic_id: str, recipient_id: str, item_ids: list[int]
) -> int:
    result = await connection.execute(
        inbox_items.update()
        .where(
            inbox_items.c.clinic_id == clinic_id,
            inbox_items.c.recipient_id == recipient_id,
            inbox_items.c.id.in_(item_ids),
            inbox_items.c.read_at.is_(None),
        )
        .values(read_at=datetime.now(UTC))
    )
    return result.rowcount
