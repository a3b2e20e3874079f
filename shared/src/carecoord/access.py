"""Object-level access to clinical data and its audit trail, decided in one place.

A patient's clinical data is open to that patient's care team, the referring physicians and the
clinic's admins; another clinic cannot even learn the record exists (404, not 403). Every
decision, allowed or denied, is written to the append-only audit log in its own transaction, so
a denied attempt is recorded even though the request does nothing else.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from carecoord.auth import Principal, Role
from carecoord.db import audit_log
from carecoord.telemetry import current_trace_id


@dataclass(frozen=True)
class CareTeam:
    clinic_id: str
    patient_id: str
    referring_physician_ids: frozenset[str]
    member_ids: frozenset[str]


class Decision(StrEnum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"


class AccessDenied(Exception):
    def __init__(self, decision: Decision, resource: str) -> None:
        super().__init__(f"{decision}: {resource}")
        self.decision = decision
        self.resource = resource


CareTeamLoader = Callable[[AsyncConnection, str], Awaitable[CareTeam | None]]


def decide(principal: Principal, team: CareTeam | None) -> Decision:
    if team is None or team.clinic_id != principal.clinic_id:
        return Decision.NOT_FOUND
    if principal.role is Role.ADMIN:
        return Decision.ALLOWED
    if principal.subject in team.referring_physician_ids or principal.subject in team.member_ids:
        return Decision.ALLOWED
    return Decision.FORBIDDEN


async def authorize_patient_access(
    engine: AsyncEngine,
    principal: Principal,
    patient_id: str,
    *,
    action: str,
    resource: str,
    load_care_team: CareTeamLoader,
) -> None:
    """Allow or raise ``AccessDenied``; either way the attempt is in the audit log."""
    async with engine.begin() as connection:
        decision = decide(principal, await load_care_team(connection, patient_id))
        await record_access(
            connection, principal, action=action, resource=resource, patient_id=patient_id, decision=decision
        )
    if decision is not Decision.ALLOWED:
        raise AccessDenied(decision, resource)


async def record_access(
    connection: AsyncConnection,
    principal: Principal,
    *,
    action: str,
    resource: str,
    patient_id: str | None,
    decision: Decision,
) -> None:
    await connection.execute(
        audit_log.insert().values(
            actor=principal.subject,
            role=str(principal.role),
            clinic_id=principal.clinic_id,
            patient_id=patient_id,
            resource=resource,
            action=action,
            outcome=str(decision),
            trace_id=current_trace_id(),
        )
    )
