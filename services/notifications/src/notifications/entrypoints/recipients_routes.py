"""Contact points: where a subject (a staff member's or a patient's id, as the events name them)
is reached by email. The clinic's admin registers them for anyone; a signed-in user may register
their own. Events carry ids, never addresses, so this is the one source of contact data."""

from carecoord.access import AccessDenied, Decision, record_access
from carecoord.auth import Principal, Role
from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter

from notifications.adapters.contacts import Row, get_contact, put_contact
from notifications.entrypoints.schemas import ContactPointPublic, ContactPointPut

router = APIRouter(tags=["recipients"])


def _may_manage(principal: Principal, subject_id: str) -> bool:
    return principal.role is Role.ADMIN or principal.subject == subject_id


def _public(row: Row) -> ContactPointPublic:
    return ContactPointPublic.model_validate(row, from_attributes=True)


@router.put("/recipients/{subject_id}")
async def put_recipient(
    subject_id: str, body: ContactPointPut, principal: CurrentPrincipal, runtime: Runtime
) -> ContactPointPublic:
    resource = f"recipients/{subject_id}"
    async with runtime.engine.begin() as connection:
        allowed = _may_manage(principal, subject_id)
        decision = Decision.ALLOWED if allowed else Decision.FORBIDDEN
        await record_access(
            connection, principal, action="write", resource=resource, patient_id=None, decision=decision
        )
        if allowed:
            row = await put_contact(
                connection, principal.clinic_id, subject_id, body.email, body.display_name
            )
    if not allowed:
        raise AccessDenied(decision, resource)
    return _public(row)


@router.get("/recipients/{subject_id}")
async def read_recipient(
    subject_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> ContactPointPublic:
    resource = f"recipients/{subject_id}"
    if not _may_manage(principal, subject_id):
        raise AccessDenied(Decision.FORBIDDEN, resource)
    async with runtime.engine.begin() as connection:
        row = await get_contact(connection, principal.clinic_id, subject_id)
        if row is not None:
            await record_access(
                connection,
                principal,
                action="read",
                resource=resource,
                patient_id=None,
                decision=Decision.ALLOWED,
            )
    if row is None:
        raise AccessDenied(Decision.NOT_FOUND, resource)
    return _public(row)
