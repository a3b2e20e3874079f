"""Request and response models of the scheduling API, kept apart from the tables."""

from datetime import UTC, date, datetime, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carecoord.events.vocabulary import Discipline
from carecoord.pagination import Page
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from scheduling.domain.appointments import Status
from scheduling.domain.refusals import Rule


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError("must be an IANA time zone such as America/New_York") from error
    return value


TimeZone = Annotated[str, AfterValidator(_time_zone)]
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def _plausible_day(value: date) -> date:
    """A calendar's days: far enough from the ends of ``date`` that week and time-zone arithmetic
    never overflows."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return value


def _in_utc(value: datetime) -> datetime:
    _plausible_day(value.date())
    return value.astimezone(UTC)


Day = Annotated[date, AfterValidator(_plausible_day)]
# Times come in with any offset and are kept in UTC, so a read returns what an event carried.
Moment = Annotated[AwareDatetime, AfterValidator(_in_utc)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Identifier = Annotated[str, Field(min_length=1, max_length=128)]
VisitMinutes = Annotated[int, Field(ge=5, le=240)]


class WriteModel(BaseModel):
    """Unknown and server-owned fields are refused, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class WeeklyPeriodIn(WriteModel):
    weekday: Annotated[int, Field(ge=0, le=6, description="0 is Monday")]
    start: time
    end: time

    @model_validator(mode="after")
    def _ends_after_start(self) -> "WeeklyPeriodIn":
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class ProviderCreate(WriteModel):
    id: Identifier = Field(description="The provider's identity subject, as on the care team")
    display_name: ShortText
    discipline: Discipline
    time_zone: TimeZone
    conditions: Annotated[list[ShortText], Field(max_length=40)] = []
    working_hours: Annotated[list[WeeklyPeriodIn], Field(min_length=1, max_length=21)]
    breaks: Annotated[list[WeeklyPeriodIn], Field(max_length=21)] = []


class ProviderPublic(BaseModel):
    id: str
    display_name: str
    discipline: Discipline
    time_zone: str
    conditions: list[str]
    working_hours: list[WeeklyPeriodIn]
    breaks: list[WeeklyPeriodIn]


class TimeOffCreate(WriteModel):
    starts_at: Moment
    ends_at: Moment

    @model_validator(mode="after")
    def _ends_after_start(self) -> "TimeOffCreate":
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class RoomCreate(WriteModel):
    name: ShortText
    kind: Literal["room", "table"]


class RoomPublic(BaseModel):
    id: str
    name: str
    kind: str


class AppointmentCreate(WriteModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "care_plan_id": "2f0c6c3e-7d0b-4a39-9a51-8f3c2a1e5b10",
                    "provider_id": "lmt-ana",
                    "discipline": "medical_massage",
                    "starts_at": "2026-03-02T15:00:00Z",
                    "duration_minutes": 60,
                }
            ]
        }
    )
    care_plan_id: Identifier
    provider_id: Identifier
    discipline: Discipline
    starts_at: Moment
    duration_minutes: VisitMinutes
    room_id: Identifier | None = None
    host_appointment_id: Identifier | None = Field(
        None, description="Set to book spot work inside this visit"
    )


class AppointmentReschedule(WriteModel):
    starts_at: Moment
    duration_minutes: VisitMinutes | None = None


class AppointmentCancel(WriteModel):
    reason_code: Annotated[str, Field(pattern=r"^[a-z_]{1,64}$", description="e.g. patient_request, illness")]


class AppointmentPublic(BaseModel):
    id: str
    patient_id: str
    care_plan_id: str
    provider_id: str
    discipline: Discipline
    starts_at: datetime
    ends_at: datetime
    status: Status
    room_id: str | None
    series_id: str | None
    host_appointment_id: str | None
    cancel_reason: str | None
    late_cancel: bool | None
    self_pay: bool = Field(description="The discipline is not covered by the plan's authorization")


class AppointmentPage(Page[AppointmentPublic]):
    pass


class SlotPublic(BaseModel):
    provider_id: str
    starts_at: datetime
    ends_at: datetime
    experienced_with_condition: bool
    on_care_team: bool | None


class SeriesProposalRequest(WriteModel):
    discipline: Discipline
    provider_id: Identifier
    duration_minutes: VisitMinutes
    preferred_time: time | None = Field(None, description="Local time of day to aim for")


class PlannedVisitIn(WriteModel):
    starts_at: Moment
    duration_minutes: VisitMinutes


class UnplacedPublic(BaseModel):
    week: int
    reason: Rule


class SeriesProposalPublic(BaseModel):
    discipline: Discipline
    provider_id: str
    visits: list[PlannedVisitIn]
    unplaced: list[UnplacedPublic]


class SeriesCreate(WriteModel):
    discipline: Discipline
    provider_id: Identifier
    visits: Annotated[list[PlannedVisitIn], Field(min_length=1, max_length=100)]
    room_id: Identifier | None = None


class SeriesPublic(BaseModel):
    series_id: str
    appointments: list[AppointmentPublic]


class CarePlanPublic(BaseModel):
    id: str
    patient_id: str
    version: int
    conditions: list[str] | None = Field(
        description="The patient's conditions; null for a scheduler (minimum necessary to book)"
    )
    care_team: list[str]
    disciplines: list[dict[str, object]]
    authorization: dict[str, object] | None
    visits_counted: dict[str, int]
