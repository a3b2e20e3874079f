"""Who may do what in scheduling (PERMISSIONS.md), on the platform's one access rule
(``carecoord.access``): another clinic's record is 404, then the route's roles, then the
patient's care team. Schedulers book for the whole clinic, so for them (as for admins) the
clinic boundary is enough; integrators holding ``system/appointments.read`` read clinic-wide.
Every decision is in the audit log."""

from carecoord.access import READ_SCOPE_OF_TOPIC, AccessControl, AccessDenied, Decision, Rule
from carecoord.auth import PROVIDER_ROLES, Principal, Role
from carecoord.care_teams import load_care_team
from carecoord.events import Topic
from carecoord.runtime import ServiceRuntime

READ_SCOPE = READ_SCOPE_OF_TOPIC[Topic.SCHEDULING]
MANAGERS = frozenset({Role.ADMIN, Role.SCHEDULER})
BOOKERS = MANAGERS | PROVIDER_ROLES

READ = Rule(clinic_wide=MANAGERS, scope=READ_SCOPE)
BOOK = Rule(BOOKERS, clinic_wide=MANAGERS)
# Only a treating provider (or an admin) says a visit happened: it uses the authorization.
COMPLETE = Rule(PROVIDER_ROLES | {Role.ADMIN})


def access(runtime: ServiceRuntime) -> AccessControl:
    return AccessControl(runtime.engine, load_care_team)


async def require_role(
    runtime: ServiceRuntime, principal: Principal, allowed: frozenset[Role], *, action: str, resource: str
) -> None:
    await access(runtime).require_role(principal, allowed, action=action, resource=resource)


async def authorize_patient(
    runtime: ServiceRuntime,
    principal: Principal,
    patient_id: str,
    *,
    action: str,
    resource: str,
    rule: Rule = READ,
) -> None:
    await access(runtime).authorize(principal, patient_id, action=action, resource=resource, rule=rule)


def not_found(resource: str, action: str) -> AccessDenied:
    """A record that is not in the caller's clinic (audited by ``carecoord.http``)."""
    return AccessDenied(Decision.NOT_FOUND, resource, action=action)
