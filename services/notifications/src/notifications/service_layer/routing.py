"""From a consumed event to notices for the physician, the care team and the patient."""

from carecoord.care_teams import load_care_team
from carecoord.envelope import CloudEvent
from carecoord.events import CarePlanSnapshot, Event
from carecoord.outbox import UnitOfWork

from notifications.adapters.care_plans import project_plan
from notifications.domain.reminders import uses_deep_pressure
from notifications.domain.routing import Team, notices_for
from notifications.service_layer.notify import deliver_notices


async def route_event(uow: UnitOfWork, event: Event, envelope: CloudEvent) -> None:
    """Runs after the care team projection has seen the same event, in the same transaction."""
    team = await load_care_team(uow.connection, event.patient_id)
    routing_team = None if team is None else Team(team.referring_physician_ids, team.member_ids)
    notices = notices_for(envelope.type, event.model_dump(mode="json"), routing_team)
    await deliver_notices(uow, event.clinic_id, f"event:{envelope.id}", notices)


async def project_care_plan_routing(uow: UnitOfWork, event: CarePlanSnapshot, envelope: CloudEvent) -> None:
    await project_plan(
        uow.connection,
        care_plan_id=event.care_plan_id,
        clinic_id=event.clinic_id,
        patient_id=event.patient_id,
        version=event.version,
        deep_pressure_disciplines=sorted(
            plan.discipline
            for plan in event.disciplines
            if uses_deep_pressure(plan.techniques, plan.precautions)
        ),
    )
