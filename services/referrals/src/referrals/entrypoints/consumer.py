"""Events this service acts on, each handled in the consumer's unit of work: scheduling's
appointments count against the authorization budget (and the first completed visit makes the
referral active), notes' progress lands on the plan's goals."""

from collections.abc import Awaitable, Callable

from carecoord.dispatch import Dispatcher
from carecoord.envelope import CloudEvent
from carecoord.events import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentNoShow,
    AppointmentRescheduled,
    ProgressRecorded,
    Topic,
)
from carecoord.events.scheduling import AppointmentEvent
from carecoord.outbox import UnitOfWork

from referrals.domain.authorization import VisitState
from referrals.service_layer.budget import record_visit
from referrals.service_layer.progress import record_progress
from referrals.service_layer.transitions import start_treatment

TOPICS = [Topic.SCHEDULING, Topic.NOTES]


def _counting_as(state: VisitState) -> Callable[[UnitOfWork, AppointmentEvent, CloudEvent], Awaitable[None]]:
    async def handle(uow: UnitOfWork, event: AppointmentEvent, envelope: CloudEvent) -> None:
        await record_visit(uow, event, state)

    return handle


async def _cancelled(uow: UnitOfWork, event: AppointmentCancelled, envelope: CloudEvent) -> None:
    await record_visit(uow, event, VisitState.LATE_CANCELLED if event.late_cancel else VisitState.CANCELLED)


async def _treatment_started(uow: UnitOfWork, event: AppointmentCompleted, envelope: CloudEvent) -> None:
    if event.care_plan_id is not None:
        await start_treatment(uow, event.clinic_id, event.care_plan_id, event.appointment_id)


async def _progress(uow: UnitOfWork, event: ProgressRecorded, envelope: CloudEvent) -> None:
    await record_progress(uow, event)


dispatcher = (
    Dispatcher()
    .on(AppointmentBooked, _counting_as(VisitState.BOOKED))
    .on(AppointmentRescheduled, _counting_as(VisitState.BOOKED))
    .on(AppointmentCompleted, _counting_as(VisitState.COMPLETED))
    .on(AppointmentCompleted, _treatment_started)
    .on(AppointmentCancelled, _cancelled)
    .on(AppointmentNoShow, _counting_as(VisitState.NO_SHOW))
    .on(ProgressRecorded, _progress)
)
