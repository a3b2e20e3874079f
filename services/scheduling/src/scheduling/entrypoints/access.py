"""Who may do what here (PERMISSIONS.md). Clinical reads and writes go through carecoord.access:
the care-team check and the audit record. Schedulers book for the whole clinic, so for them the
decision is the clinic boundary alone, and it is audited all the same."""

from carecoord.access import AccessDenied, Decision, authorize_patient_access, record_access
from carecoord.auth import PROVIDER_ROLES, Principal, Role
from carecoord.care_teams import load_care_team
from carecoord.runtime import ServiceRuntime

MANAGERS = frozenset({Role.ADMIN, Role.SCHEDULER})
BOOKERS = MANAGERS | PROVIDER_ROLES


async def require_role(
    runtime: ServiceRuntime, principal: Principal, allowed: frozenset[Role], *, action: str, resource: str
) -> None:
    if principal.role in allowed:
        return
    async with runtime.engine.begin() as connection:
        await record_access(
            connection,
            principal,
            action=action,
            resource=resource,
            patient_id=None,
            decision=Decision.FORBIDDEN,
        )
    raise AccessDenied(Decision.FORBIDDEN, resource)


async def authorize_patient(
    runtime: ServiceRuntime,
    principal: Principal,
    patient_id: str,
    *,
    action: str,
    resource: str,
    roles: frozenset[Role] | None = None,
) -> None:
    """The role gate (if any), then the care-team check; both decisions are audited."""
    if roles is not None:
        await require_role(runtime, principal, roles, action=action, resource=resource)
    if principal.role is not Role.SCHEDULER:
        await authorize_patient_access(
            runtime.engine,
            principal,
            patient_id,
            action=action,
            resource=resource,
            load_care_team=load_care_team,
        )
        return
    async with runtime.engine.begin() as connection:
        team = await load_care_team(connection, patient_id)
        in_clinic = team is not None and team.clinic_id == principal.clinic_id
        decision = Decision.ALLOWED if in_clinic else Decision.NOT_FOUND
        await record_access(
            connection, principal, action=action, resource=resource, patient_id=patient_id, decision=decision
        )
    if decision is not Decision.ALLOWED:
        raise AccessDenied(decision, resource)
