"""The signed-in user's in-app inbox: list, unread count, mark read, and a server-sent events
stream of new items. A user sees only their own items, and only about patients still in their
care; each read of items about a patient is audited."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from carecoord.access import Decision, record_access
from carecoord.auth import Principal
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.pagination import Cursor, decode_cursor, page
from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters import inbox
from notifications.config import NotificationsSettings
from notifications.entrypoints.schemas import InboxItemPublic, InboxPage, MarkedRead, MarkRead, UnreadCount

router = APIRouter(tags=["inbox"])
HEARTBEAT_SECONDS = 15.0


async def _audit_read(connection: AsyncConnection, principal: Principal, rows: list[inbox.Row]) -> None:
    for patient_id in sorted({row.patient_id for row in rows if row.patient_id}):
        await record_access(
            connection,
            principal,
            action="read",
            resource="inbox",
            patient_id=patient_id,
            decision=Decision.ALLOWED,
        )


def _public(row: inbox.Row) -> InboxItemPublic:
    return InboxItemPublic.model_validate(row, from_attributes=True)


@router.get("/inbox")
async def read_inbox(
    principal: CurrentPrincipal,
    runtime: Runtime,
    unread_only: bool = False,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> InboxPage:
    """The caller's items, newest first."""
    older_than = decode_cursor(cursor, int)
    async with runtime.engine.begin() as connection:
        rows = await inbox.list_items(
            connection,
            principal.clinic_id,
            principal.subject,
            older_than=older_than,
            unread_only=unread_only,
            limit=limit + 1,
        )
        shown, next_cursor = page(rows, limit, lambda row: (row.id,))
        await _audit_read(connection, principal, shown)
    return InboxPage(items=[_public(row) for row in shown], next_cursor=next_cursor)


@router.get("/inbox/unread-count")
async def read_unread_count(principal: CurrentPrincipal, runtime: Runtime) -> UnreadCount:
    async with runtime.engine.connect() as connection:
        return UnreadCount(
            unread=await inbox.unread_count(connection, principal.clinic_id, principal.subject)
        )


@router.post("/inbox/read")
async def mark_items_read(body: MarkRead, principal: CurrentPrincipal, runtime: Runtime) -> MarkedRead:
    """Items that are not the caller's, or already read, are left alone (and not counted)."""
    async with runtime.engine.begin() as connection:
        marked = await inbox.mark_read(connection, principal.clinic_id, principal.subject, body.item_ids)
    return MarkedRead(marked=marked)


@router.get("/inbox/stream", response_class=StreamingResponse)
async def stream_inbox(
    request: Request,
    principal: CurrentPrincipal,
    runtime: Runtime,
    last_event_id: Annotated[int | None, Header(ge=0, le=2**63 - 1)] = None,
) -> StreamingResponse:
    """New items as they arrive. A reconnecting client sends ``Last-Event-ID`` and gets what it
    missed; a new one starts from now. Items are read from the database, so an item written by
    another replica's consumer arrives too."""
    settings = runtime.settings
    assert isinstance(settings, NotificationsSettings)
    if last_event_id is None:
        async with runtime.engine.connect() as connection:
            newest = await inbox.list_items(connection, principal.clinic_id, principal.subject, limit=1)
        last_event_id = newest[0].id if newest else 0

    async def events(after: int) -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        idle = 0.0
        while not await request.is_disconnected():
            async with runtime.engine.begin() as connection:
                rows = await inbox.list_items(
                    connection, principal.clinic_id, principal.subject, after_id=after, newest_first=False
                )
                await _audit_read(connection, principal, rows)
            for row in rows:
                after = row.id
                yield f"id: {row.id}\nevent: notification\ndata: {json.dumps(_public(row).model_dump(mode='json'))}\n\n"
            idle = 0.0 if rows else idle + settings.inbox_stream_poll_seconds
            if idle >= HEARTBEAT_SECONDS:
                idle = 0.0
                yield ": keep-alive\n\n"
            await asyncio.sleep(settings.inbox_stream_poll_seconds)

    return StreamingResponse(
        events(last_event_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
