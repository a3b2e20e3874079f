"""Who may read and write notes, decided in one place (see PERMISSIONS.md).

Reads follow the platform rule: the patient's care team, referring physicians and the clinic's
admins. Writes additionally need a treating role (chiropractor, physical therapist, massage
therapist); that the writer is the visit's own provider in their own discipline is the service
layer's check."""

from carecoord.access import AccessDenied, Decision, authorize_patient_access, record_access
from carecoord.auth import Principal, Role
from carecoord.care_teams import load_care_team
from carecoord.events.vocabulary import Discipline
from carecoord.runtime import ServiceRuntime

from notes.service_layer.commands import Author

DISCIPLINE_OF_ROLE = {
    Role.CHIROPRACTOR: Discipline.CHIROPRACTIC,
    Role.PHYSICAL_THERAPIST: Discipline.PHYSICAL_THERAPY,
    Role.MASSAGE_THERAPIST: Discipline.MEDICAL_MASSAGE,
}


async def authorize_read(
    runtime: ServiceRuntime, principal: Principal, patient_id: str, resource: str
) -> None:
    await authorize_patient_access(
        runtime.engine, principal, patient_id, action="read", resource=resource, load_care_team=load_care_team
    )


async def authorize_write(
    runtime: ServiceRuntime, principal: Principal, patient_id: str, action: str, resource: str
) -> Author:
    """The acting provider, once the care team check passed; only treating roles write notes."""
    discipline = DISCIPLINE_OF_ROLE.get(principal.role)
    if discipline is None:
        async with runtime.engine.begin() as connection:
            await record_access(
                connection,
                principal,
                action=action,
                resource=resource,
                patient_id=patient_id,
                decision=Decision.FORBIDDEN,
            )
        raise AccessDenied(Decision.FORBIDDEN, resource)
    await authorize_patient_access(
        runtime.engine, principal, patient_id, action=action, resource=resource, load_care_team=load_care_team
    )
    return Author(subject=principal.subject, clinic_id=principal.clinic_id, discipline=discipline)


def not_found(resource: str) -> AccessDenied:
    return AccessDenied(Decision.NOT_FOUND, resource)
