"""An appointment and the lifecycle it moves through."""

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from carecoord.events.vocabulary import Discipline

from scheduling.domain.intervals import Interval
from scheduling.domain.refusals import Refusal, Rule

LATE_CANCEL_NOTICE = timedelta(hours=24)


class Status(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


# A cancelled or missed visit frees its time and does not use the authorization; the rest do.
OCCUPYING = frozenset({Status.BOOKED, Status.CHECKED_IN, Status.COMPLETED})

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.BOOKED: frozenset({Status.CHECKED_IN, Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW}),
    Status.CHECKED_IN: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.NO_SHOW: frozenset(),
}


@dataclass(frozen=True)
class Appointment:
    clinic_id: str
    patient_id: str
    care_plan_id: str
    provider_id: str
    discipline: Discipline
    interval: Interval
    room_id: str | None = None
    series_id: str | None = None
    host_appointment_id: str | None = None
    status: Status = Status.BOOKED
    cancel_reason: str | None = None
    late_cancel: bool | None = None
    self_pay: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def is_spot_work(self) -> bool:
        return self.host_appointment_id is not None

    @property
    def occupies_time(self) -> bool:
        return self.status in OCCUPYING

    def moved_to(self, interval: Interval) -> "Appointment":
        return replace(self, interval=interval)

    def with_status(self, status: Status) -> "Appointment":
        return replace(self, status=status)


def transition_refusal(appointment: Appointment, target: Status) -> Refusal | None:
    if target in TRANSITIONS[appointment.status]:
        return None
    return Refusal(
        Rule.INVALID_STATUS_TRANSITION, f"an appointment that is {appointment.status} cannot become {target}"
    )


def is_late_cancel(appointment: Appointment, now: datetime) -> bool:
    """Cancelled with less notice than the clinic asks for (24 hours)."""
    return appointment.interval.start - now < LATE_CANCEL_NOTICE
