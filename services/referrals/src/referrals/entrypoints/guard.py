"""The access check every route on clinical data goes through: the shared care-team rule
(another clinic gets 404, an outsider 403), narrowed by role where an action needs one, with
the decision in the audit log either way."""

from carecoord.access import AccessDenied, Decision, decide, record_access
from carecoord.auth import PROVIDER_ROLES, Principal, Role
from carecoord.runtime import ServiceRuntime

from referrals.adapters.care_team import load_care_team

ANY_ROLE: frozenset[Role] = frozenset(Role)
PLAN_EDITORS = PROVIDER_ROLES | {Role.ADMIN}
CLOSERS = PROVIDER_ROLES | {Role.ADMIN, Role.PHYSICIAN}
INTAKE = frozenset({Role.ADMIN})


async def authorize(
    runtime: ServiceRuntime,
    principal: Principal,
    patient_id: str,
    *,
    action: str,
    resource: str,
    roles: frozenset[Role] = ANY_ROLE,
) -> None:
    async with runtime.engine.begin() as connection:
        decision = decide(principal, await load_care_team(connection, patient_id))
        if decision is Decision.ALLOWED and principal.role not in roles:
            decision = Decision.FORBIDDEN
        await record_access(
            connection, principal, action=action, resource=resource, patient_id=patient_id, decision=decision
        )
    if decision is not Decision.ALLOWED:
        raise AccessDenied(decision, resource)


async def refuse(runtime: ServiceRuntime, principal: Principal, *, action: str, resource: str) -> None:
    """Audit and refuse an action the caller's role never allows."""
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
