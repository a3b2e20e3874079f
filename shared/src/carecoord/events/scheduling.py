"""Events the scheduling service publishes on ``carecoord.scheduling``."""

from datetime import datetime

from pydantic import Field

from carecoord.events.base import Event
from carecoord.events.topics import Topic
from carecoord.events.vocabulary import Discipline


class AppointmentEvent(Event):
    topic = Topic.SCHEDULING

    appointment_id: str
    care_plan_id: str | None
    provider_id: str
    discipline: Discipline
    starts_at: datetime
    ends_at: datetime
    self_pay: bool = Field(False, description="The discipline is not covered by the plan's authorization")


class AppointmentBooked(AppointmentEvent):
    type = "carecoord.appointment.booked.v1"

    series_id: str | None = None
    host_appointment_id: str | None = Field(None, description="Set for spot work nested in another session")


class AppointmentRescheduled(AppointmentEvent):
    type = "carecoord.appointment.rescheduled.v1"

    previous_starts_at: datetime


class AppointmentCancelled(AppointmentEvent):
    type = "carecoord.appointment.cancelled.v1"

    reason_code: str
    late_cancel: bool


class AppointmentCheckedIn(AppointmentEvent):
    type = "carecoord.appointment.checked_in.v1"


class AppointmentCompleted(AppointmentEvent):
    type = "carecoord.appointment.completed.v1"


class AppointmentNoShow(AppointmentEvent):
    type = "carecoord.appointment.no_show.v1"


class SeriesPlanned(Event):
    type = "carecoord.series.planned.v1"
    topic = Topic.SCHEDULING

    series_id: str
    care_plan_id: str
    discipline: Discipline
    provider_id: str
    appointment_ids: list[str]
    unplaced_visits: int
