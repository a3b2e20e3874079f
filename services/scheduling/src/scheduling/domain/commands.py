"""What callers ask the service to do, as plain data."""

from dataclasses import dataclass
from datetime import datetime, time

from carecoord.events.vocabulary import Discipline

from scheduling.domain.appointments import Status


@dataclass(frozen=True)
class BookAppointment:
    clinic_id: str
    care_plan_id: str
    provider_id: str
    discipline: Discipline
    starts_at: datetime
    minutes: int
    room_id: str | None = None
    host_appointment_id: str | None = None


@dataclass(frozen=True)
class RescheduleAppointment:
    clinic_id: str
    appointment_id: str
    starts_at: datetime
    minutes: int | None = None


@dataclass(frozen=True)
class ChangeStatus:
    clinic_id: str
    appointment_id: str
    target: Status
    reason_code: str | None = None


@dataclass(frozen=True)
class PlannedVisit:
    starts_at: datetime
    minutes: int


@dataclass(frozen=True)
class ProposeSeries:
    clinic_id: str
    care_plan_id: str
    discipline: Discipline
    provider_id: str
    minutes: int
    preferred_time: time | None = None


@dataclass(frozen=True)
class BookSeries:
    clinic_id: str
    care_plan_id: str
    discipline: Discipline
    provider_id: str
    visits: list[PlannedVisit]
    room_id: str | None = None
