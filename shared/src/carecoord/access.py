"""Object-level access to clinical data and its audit trail, decided in one place.

Every service asks the same three questions, in this order: is the record in the caller's clinic
(no: 404, whatever the role, so another clinic cannot even learn it exists), may the caller's
role use this endpoint at all (no: 403), and is the caller on the patient's care team or a
referring physician, unless the role works clinic-wide here (admins always; schedulers where a
service says so) (no: 403). A route names its ``Rule``; ``AccessControl`` answers and writes
every decision, allowed or denied, to the append-only audit log in its own transaction, so a
denied attempt is recorded even though the request does nothing else. Each audit row is also
staged in the outbox as a ``carecoord.audit.recorded.v1`` event for a SIEM.
"""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from carecoord.auth import Principal, Role
from carecoord.db import audit_log
from carecoord.events.audit import AuditRecorded
from carecoord.events.topics import Topic
from carecoord.outbox import stage
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
    """Answered 404 or 403 by ``carecoord.http``, which also audits it unless ``audited``;
    ``reason`` replaces the 403's generic message where the caller can put it right."""

    def __init__(
        self,
        decision: Decision,
        resource: str,
        *,
        action: str | None = None,
        patient_id: str | None = None,
        audited: bool = False,
        reason: str | None = None,
    ) -> None:
        super().__init__(f"{decision}: {resource}")
        self.decision = decision
        self.resource = resource
        self.action = action
        self.patient_id = patient_id
        self.audited = audited
        self.reason = reason


ALL_ROLES: frozenset[Role] = frozenset(Role)
CLINIC_ADMINS: frozenset[Role] = frozenset({Role.ADMIN})
ALL_SYSTEM_READS = "system/*.read"
# The SMART-style scope an integrator needs to read each producing service's data, through its
# API or as webhooks of its events.
READ_SCOPE_OF_TOPIC: dict[Topic, str] = {
    Topic.REFERRALS: "system/referrals.read",
    Topic.SCHEDULING: "system/appointments.read",
    Topic.NOTES: "system/notes.read",
}


def holds_read_scope(principal: Principal, scope: str) -> bool:
    return bool({scope, ALL_SYSTEM_READS} & principal.scopes)


@dataclass(frozen=True)
class Rule:
    """Who may use one endpoint on a patient's data: ``roles`` at all, and among them
    ``clinic_wide`` for whom the clinic boundary is enough (no care-team membership needed).

    An integrator is a machine client of one clinic, on no care team: it reads clinic-wide only
    where the rule names a ``scope`` its token holds (SMART-style ``system/notes.read``, or
    ``system/*.read`` for every read)."""

    roles: frozenset[Role] = ALL_ROLES
    clinic_wide: frozenset[Role] = field(default=CLINIC_ADMINS)
    scope: str | None = None

    def is_clinic_wide_for(self, principal: Principal) -> bool:
        if principal.role in self.clinic_wide:
            return True
        return (
            principal.role is Role.INTEGRATOR
            and self.scope is not None
            and holds_read_scope(principal, self.scope)
        )


CARE_TEAM = Rule()
"""The platform default: the care team, the referring physicians and the clinic's admins."""

CareTeamLoader = Callable[[AsyncConnection, str], Awaitable[CareTeam | None]]


def decide(principal: Principal, team: CareTeam | None, rule: Rule = CARE_TEAM) -> Decision:
    if team is None or team.clinic_id != principal.clinic_id:
        return Decision.NOT_FOUND
    if principal.role not in rule.roles:
        return Decision.FORBIDDEN
    if rule.is_clinic_wide_for(principal):
        return Decision.ALLOWED
    if principal.subject in team.referring_physician_ids or principal.subject in team.member_ids:
        return Decision.ALLOWED
    return Decision.FORBIDDEN


class AccessControl:
    """One service's access decisions, from its own care-team source, each one audited."""

    def __init__(self, engine: AsyncEngine, load_care_team: CareTeamLoader | None = None) -> None:
        self._engine = engine
        self._load_care_team = load_care_team

    async def authorize(
        self, principal: Principal, patient_id: str, *, action: str, resource: str, rule: Rule = CARE_TEAM
    ) -> None:
        """Allow, or raise ``AccessDenied`` (404 outside the clinic, else 403)."""
        assert self._load_care_team is not None, "patient access needs the service's care-team source"
        async with self._engine.begin() as connection:
            decision = decide(principal, await self._load_care_team(connection, patient_id), rule)
            await record_access(
                connection,
                principal,
                action=action,
                resource=resource,
                patient_id=patient_id,
                decision=decision,
            )
        if decision is not Decision.ALLOWED:
            raise AccessDenied(decision, resource, action=action, patient_id=patient_id, audited=True)

    async def require_role(
        self,
        principal: Principal,
        roles: frozenset[Role],
        *,
        action: str,
        resource: str,
        patient_id: str | None = None,
    ) -> None:
        """For what is not one patient's (a clinic's providers, a subscription): the role alone."""
        if principal.role not in roles:
            await self.deny(principal, action=action, resource=resource, patient_id=patient_id)

    async def deny(
        self,
        principal: Principal,
        *,
        action: str,
        resource: str,
        patient_id: str | None = None,
        decision: Decision = Decision.FORBIDDEN,
    ) -> NoReturn:
        await self.record(
            principal, action=action, resource=resource, patient_id=patient_id, decision=decision
        )
        raise AccessDenied(decision, resource, action=action, patient_id=patient_id, audited=True)

    async def record(
        self,
        principal: Principal,
        *,
        action: str,
        resource: str,
        patient_id: str | None,
        decision: Decision = Decision.ALLOWED,
    ) -> None:
        async with self._engine.begin() as connection:
            await record_access(
                connection,
                principal,
                action=action,
                resource=resource,
                patient_id=patient_id,
                decision=decision,
            )


_audit_source: ContextVar[str] = ContextVar("carecoord_audit_source", default="/carecoord")


@contextmanager
def audit_source(source: str) -> Iterator[None]:
    """The CloudEvents source of audit events recorded inside this block (the service)."""
    token = _audit_source.set(source)
    try:
        yield
    finally:
        _audit_source.reset(token)


async def record_access(
    connection: AsyncConnection,
    principal: Principal,
    *,
    action: str,
    resource: str,
    patient_id: str | None,
    decision: Decision,
) -> None:
    """One audit row, and its event for the SIEM, in ``connection``'s transaction."""
    trace_id = current_trace_id()
    row = (
        await connection.execute(
            audit_log.insert()
            .values(
                actor=principal.subject,
                role=str(principal.role),
                clinic_id=principal.clinic_id,
                patient_id=patient_id,
                resource=resource,
                action=action,
                outcome=str(decision),
                trace_id=trace_id,
            )
            .returning(audit_log.c.id, audit_log.c.at)
        )
    ).one()
    event = AuditRecorded(
        clinic_id=principal.clinic_id,
        patient_id=patient_id,
        audit_id=row.id,
        at=row.at,
        actor=principal.subject,
        role=str(principal.role),
        resource=resource,
        action=action,
        outcome=str(decision),
        trace_id=trace_id,
    )
    await stage(connection, event, source=_audit_source.get(), subject=f"audit/{row.id}")
