"""Who may do what in referrals (PERMISSIONS.md), on the platform's one access rule
(``carecoord.access``): another clinic's record is 404, then the route's roles, then the
patient's care team (admins, and integrators holding ``system/referrals.read``, work
clinic-wide). Every decision is in the audit log."""

from carecoord.access import CARE_TEAM, READ_SCOPE_OF_TOPIC, AccessControl, Rule
from carecoord.auth import PROVIDER_ROLES, Principal, Role
from carecoord.events import Topic
from carecoord.runtime import ServiceRuntime

from referrals.adapters.care_team import load_care_team

READ_SCOPE = READ_SCOPE_OF_TOPIC[Topic.REFERRALS]
# A scheduler books from scheduling's own view of the plan; diagnoses and insurance are not theirs.
READERS = Rule(CARE_TEAM.roles - {Role.SCHEDULER}, scope=READ_SCOPE)
PLAN_EDITORS = Rule(PROVIDER_ROLES | {Role.ADMIN})
CLOSERS = Rule(PROVIDER_ROLES | {Role.ADMIN, Role.PHYSICIAN})
INTAKE = Rule(frozenset({Role.ADMIN}))
CERTIFIERS = Rule(frozenset({Role.PHYSICIAN}))
REFERRERS = frozenset({Role.PHYSICIAN})


def access(runtime: ServiceRuntime) -> AccessControl:
    return AccessControl(runtime.engine, load_care_team)


async def authorize(
    runtime: ServiceRuntime,
    principal: Principal,
    patient_id: str,
    *,
    action: str,
    resource: str,
    rule: Rule = READERS,
) -> None:
    await access(runtime).authorize(principal, patient_id, action=action, resource=resource, rule=rule)


def reads_clinic_wide(principal: Principal) -> bool:
    """Whether searches show this caller the whole clinic rather than their own patients."""
    return READERS.is_clinic_wide_for(principal)
