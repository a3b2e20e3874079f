"""Who may read and write notes (PERMISSIONS.md), on the platform's one access rule
(``carecoord.access``): another clinic's record is 404, then the route's roles, then the
patient's care team. Reads: the care team, the referring physicians, the clinic's admins and
integrators holding ``system/notes.read``; never a scheduler (SOAP content is not theirs).
Writes: a treating role on the care team; that the writer is the visit's own provider in their
own discipline is the service layer's check. Every decision is in the audit log."""

from carecoord.access import CARE_TEAM, READ_SCOPE_OF_TOPIC, AccessControl, AccessDenied, Decision, Rule
from carecoord.auth import PROVIDER_ROLES, Principal, Role
from carecoord.care_teams import load_care_team
from carecoord.events import Topic
from carecoord.events.vocabulary import Discipline
from carecoord.runtime import ServiceRuntime

from notes.service_layer.commands import Author

READ = Rule(CARE_TEAM.roles - {Role.SCHEDULER}, scope=READ_SCOPE_OF_TOPIC[Topic.NOTES])
WRITE = Rule(PROVIDER_ROLES, clinic_wide=frozenset())

DISCIPLINE_OF_ROLE = {
    Role.CHIROPRACTOR: Discipline.CHIROPRACTIC,
    Role.PHYSICAL_THERAPIST: Discipline.PHYSICAL_THERAPY,
    Role.MASSAGE_THERAPIST: Discipline.MEDICAL_MASSAGE,
}


def access(runtime: ServiceRuntime) -> AccessControl:
    return AccessControl(runtime.engine, load_care_team)


async def authorize_read(
    runtime: ServiceRuntime, principal: Principal, patient_id: str, resource: str
) -> None:
    await access(runtime).authorize(principal, patient_id, action="read", resource=resource, rule=READ)


async def authorize_write(
    runtime: ServiceRuntime, principal: Principal, patient_id: str, action: str, resource: str
) -> Author:
    """The acting provider, once the role and care team checks passed."""
    await access(runtime).authorize(principal, patient_id, action=action, resource=resource, rule=WRITE)
    return Author(
        subject=principal.subject,
        clinic_id=principal.clinic_id,
        discipline=DISCIPLINE_OF_ROLE.get(principal.role),
    )


def not_found(resource: str, action: str | None = None) -> AccessDenied:
    """A record that is not in the caller's clinic (audited by ``carecoord.http``)."""
    return AccessDenied(Decision.NOT_FOUND, resource, action=action)
