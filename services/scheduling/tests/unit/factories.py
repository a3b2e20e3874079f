"""Plain domain objects for the unit tests: a Monday-to-Friday clinic week in New York."""

from datetime import UTC, date, datetime, time

from carecoord.events.vocabulary import Discipline
from scheduling.domain.appointments import Appointment
from scheduling.domain.care_plan import Authorization, CarePlan, PlannedDiscipline
from scheduling.domain.intervals import Interval
from scheduling.domain.providers import Provider, WeeklyPeriod

ZONE = "America/New_York"
MONDAY = date(2030, 3, 4)
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def provider(
    provider_id: str = "pt-1", discipline: Discipline = Discipline.PHYSICAL_THERAPY, **overrides: object
) -> Provider:
    fields: dict[str, object] = {
        "id": provider_id,
        "clinic_id": "clinic-a",
        "discipline": discipline,
        "time_zone": ZONE,
        "working_hours": tuple(WeeklyPeriod(day, time(9), time(17)) for day in range(5)),
        "breaks": tuple(WeeklyPeriod(day, time(12), time(13)) for day in range(5)),
        **overrides,
    }
    return Provider(**fields)  # type: ignore[arg-type]


def planned(discipline: Discipline, **overrides: object) -> PlannedDiscipline:
    fields: dict[str, object] = {
        "discipline": discipline,
        "visits_per_week": 2,
        "weeks": 6,
        "window_start": MONDAY,
        "window_end": date(2030, 4, 14),
        "spot_work_allowed": True,
        "provider_id": None,
        **overrides,
    }
    return PlannedDiscipline(**fields)  # type: ignore[arg-type]


def care_plan(team: frozenset[str] = frozenset({"pt-1", "lmt-1", "dc-1"}), **overrides: object) -> CarePlan:
    fields: dict[str, object] = {
        "id": "plan-1",
        "clinic_id": "clinic-a",
        "patient_id": "patient-1",
        "version": 1,
        "conditions": frozenset({"low back pain"}),
        "disciplines": {d: planned(d) for d in Discipline},
        "care_team": team,
        "authorization": Authorization(MONDAY, date(2030, 4, 30), {d: 12 for d in Discipline}),
        **overrides,
    }
    return CarePlan(**fields)  # type: ignore[arg-type]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(hour, minute), ZoneInfo(ZONE))


def visit(
    start: datetime,
    minutes: int = 60,
    *,
    provider_id: str = "pt-1",
    discipline: Discipline = Discipline.PHYSICAL_THERAPY,
    patient_id: str = "patient-1",
    **overrides: object,
) -> Appointment:
    return Appointment(
        clinic_id="clinic-a",
        patient_id=patient_id,
        care_plan_id="plan-1",
        provider_id=provider_id,
        discipline=discipline,
        interval=Interval.of(start, minutes),
        **overrides,  # type: ignore[arg-type]
    )
