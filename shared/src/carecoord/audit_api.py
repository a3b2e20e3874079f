"""``GET /audit``: a clinic admin reads their own clinic's audit trail in this service.

Newest first, filtered by patient, actor and time, a bounded page at a time. Reading the audit
trail is itself recorded in it: who looked at whose access history is part of that history.
"""

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel

from carecoord.access import CLINIC_ADMINS, AccessControl, Decision, record_access
from carecoord.db import audit_log
from carecoord.deps import CurrentPrincipal, PageLimit, Runtime
from carecoord.pagination import Cursor, Page, after, decode_cursor, page

router = APIRouter(tags=["audit"])


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    patient_id: str | None
    resource: str
    action: str
    outcome: str
    trace_id: str | None


class AuditPage(Page[AuditEntry]):
    pass


@router.get("/audit")
async def read_audit_trail(
    principal: CurrentPrincipal,
    runtime: Runtime,
    patient_id: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> AuditPage:
    """Admins of the caller's clinic only; another clinic's rows are never visible."""
    await AccessControl(runtime.engine).require_role(
        principal, CLINIC_ADMINS, action="read", resource="audit", patient_id=patient_id
    )
    query = sa.select(audit_log).where(audit_log.c.clinic_id == principal.clinic_id)
    for column, value in ((audit_log.c.patient_id, patient_id), (audit_log.c.actor, actor)):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    query = query.where(*after([audit_log.c.id], decode_cursor(cursor, int), descending=True))
    limit = min(limit, runtime.settings.max_page_size)
    async with runtime.engine.begin() as connection:
        rows = (await connection.execute(query.order_by(audit_log.c.id.desc()).limit(limit + 1))).all()
        await record_access(
            connection,
            principal,
            action="read",
            resource="audit",
            patient_id=patient_id,
            decision=Decision.ALLOWED,
        )
    shown, next_cursor = page(rows, limit, lambda row: (row.id,))
    items = [AuditEntry.model_validate(row, from_attributes=True) for row in shown]
    return AuditPage(items=items, next_cursor=next_cursor)
