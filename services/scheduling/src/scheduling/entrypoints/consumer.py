"""Events this service acts on, each handled in the consumer's unit of work."""

from carecoord.care_teams import project_care_teams
from carecoord.contract.services import ServiceEvents
from carecoord.dispatch import Dispatcher
from carecoord.envelope import CloudEvent
from carecoord.events import CarePlanCreated, CarePlanSnapshot, CarePlanUpdated, Topic
from carecoord.outbox import UnitOfWork

from scheduling.adapters.care_plans import save_snapshot

TOPICS = [Topic.REFERRALS]


async def project_care_plan(uow: UnitOfWork, event: CarePlanSnapshot, envelope: CloudEvent) -> None:
    await save_snapshot(uow.connection, event)


dispatcher = (
    project_care_teams(Dispatcher())
    .on(CarePlanCreated, project_care_plan)
    .on(CarePlanUpdated, project_care_plan)
)


def service_events() -> ServiceEvents:
    return ServiceEvents("scheduling", [Topic.SCHEDULING, Topic.AUDIT], TOPICS, dispatcher)
