"""Events this service acts on, each handled in the consumer's unit of work."""

from collections.abc import Awaitable, Callable
from datetime import timedelta

from carecoord.care_teams import project_care_teams
from carecoord.dispatch import Dispatcher
from carecoord.envelope import CloudEvent
from carecoord.events import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentCheckedIn,
    AppointmentCompleted,
    AppointmentNoShow,
    AppointmentRescheduled,
    CarePlanCreated,
    CarePlanSnapshot,
    CarePlanUpdated,
    ReferralClosed,
    Topic,
)
from carecoord.events.scheduling import AppointmentEvent
from carecoord.outbox import UnitOfWork

from notes.adapters.projections import record_care_plan
from notes.config import NotesSettings
from notes.service_layer.drafts import track_appointment
from notes.service_layer.progress import issue_discharge_summary

TOPICS = [Topic.REFERRALS, Topic.SCHEDULING]

AppointmentHandler = Callable[[UnitOfWork, AppointmentEvent, CloudEvent], Awaitable[None]]


def build_dispatcher(settings: NotesSettings) -> Dispatcher:
    window = timedelta(hours=settings.note_signing_window_hours)

    def appointment(status: str, open_draft: bool = False) -> AppointmentHandler:
        async def handle(uow: UnitOfWork, event: AppointmentEvent, envelope: CloudEvent) -> None:
            await track_appointment(uow, event, status, open_draft=open_draft, signing_window=window)

        return handle

    async def care_plan(uow: UnitOfWork, event: CarePlanSnapshot, envelope: CloudEvent) -> None:
        await record_care_plan(uow.connection, event)

    async def referral_closed(uow: UnitOfWork, event: ReferralClosed, envelope: CloudEvent) -> None:
        await issue_discharge_summary(uow, event, closed_on=envelope.time.date())

    return (
        project_care_teams(Dispatcher())
        .on(CarePlanCreated, care_plan)
        .on(CarePlanUpdated, care_plan)
        .on(ReferralClosed, referral_closed)
        .on(AppointmentBooked, appointment("booked"))
        .on(AppointmentRescheduled, appointment("booked"))
        .on(AppointmentCheckedIn, appointment("checked_in", open_draft=settings.open_draft_at_check_in))
        .on(AppointmentCompleted, appointment("completed", open_draft=True))
        .on(AppointmentCancelled, appointment("cancelled"))
        .on(AppointmentNoShow, appointment("no_show"))
    )
