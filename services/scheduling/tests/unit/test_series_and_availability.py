from collections import Counter
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from carecoord.events.vocabulary import Discipline
from scheduling.domain.appointments import Status, is_late_cancel, transition_refusal
from scheduling.domain.availability import experienced_first, free_slots
from scheduling.domain.care_plan import Authorization, supersedes
from scheduling.domain.intervals import Interval
from scheduling.domain.refusals import Rule
from scheduling.domain.series import SeriesConstraints, propose_series

from .factories import MONDAY, ZONE, at, planned, provider, visit

PT = provider()
SIX_WEEKS = MONDAY + timedelta(days=41)


def slots(busy: list[Interval] | None = None, minutes: int = 60) -> list[Interval]:
    return free_slots(PT, MONDAY, SIX_WEEKS, timedelta(minutes=minutes), busy or [])


def constraints(**overrides: object) -> SeriesConstraints:
    fields: dict[str, object] = {
        "zone": ZoneInfo(ZONE),
        "patient_busy": [],
        "visits_available": None,
        "authorization": None,
        **overrides,
    }
    return SeriesConstraints(**fields)  # type: ignore[arg-type]


def test_free_slots_skip_breaks_and_existing_visits_on_a_quarter_hour_grid() -> None:
    busy = [Interval.of(at(MONDAY, 9, 10), 30)]
    monday = [s for s in slots(busy) if s.start.astimezone(PT.zone).date() == MONDAY]
    assert monday[0] == Interval.of(at(MONDAY, 9, 45), 60)
    assert all(not s.overlaps(Interval(at(MONDAY, 12), at(MONDAY, 13))) for s in monday)
    assert monday[-1] == Interval.of(at(MONDAY, 16), 60)


def test_experienced_providers_are_offered_first() -> None:
    novice = provider("pt-a")
    expert = provider("pt-z", conditions=frozenset({"low back pain"}))
    assert [p.id for p in experienced_first([novice, expert], frozenset({"Low Back Pain"}))] == [
        "pt-z",
        "pt-a",
    ]


def test_a_series_places_two_spread_visits_in_each_of_six_weeks() -> None:
    proposal = propose_series(planned(Discipline.PHYSICAL_THERAPY), slots(), constraints())
    assert len(proposal.visits) == 12 and proposal.unplaced == []
    days = [v.start.astimezone(PT.zone).date() for v in proposal.visits]
    weeks = Counter((day - MONDAY).days // 7 for day in days)
    assert set(weeks.values()) == {2}
    assert all((b - a).days >= 3 for a, b in zip(days[::2], days[1::2], strict=True))


def test_a_series_avoids_the_patients_other_visits_and_prefers_the_asked_time() -> None:
    busy = [
        Interval(at(MONDAY + timedelta(days=n), 9), at(MONDAY + timedelta(days=n), 17))
        for n in range(0, 42, 7)
    ]
    proposal = propose_series(
        planned(Discipline.PHYSICAL_THERAPY), slots(), constraints(patient_busy=busy, preferred_time=time(15))
    )
    assert all(not v.overlaps(b) for v in proposal.visits for b in busy)
    assert {v.start.astimezone(PT.zone).hour for v in proposal.visits} == {15}


def test_what_cannot_be_placed_is_flagged_with_its_rule() -> None:
    plan = planned(Discipline.PHYSICAL_THERAPY, window_end=MONDAY + timedelta(days=27))
    authorization = Authorization(MONDAY, SIX_WEEKS, {Discipline.PHYSICAL_THERAPY: 6})
    full_week_two = [Interval(at(MONDAY + timedelta(days=7), 0), at(MONDAY + timedelta(days=14), 0))]
    proposal = propose_series(
        plan,
        slots(),
        constraints(patient_busy=full_week_two, visits_available=5, authorization=authorization),
    )
    reasons = Counter(u.reason for u in proposal.unplaced)
    assert len(proposal.visits) == 5
    assert reasons == {
        Rule.NO_FREE_SLOT_IN_WEEK: 2,
        Rule.OUTSIDE_PLAN_WINDOW: 4,
        Rule.AUTHORIZED_VISITS_EXHAUSTED: 1,
    }


def test_lifecycle_transitions() -> None:
    booked = visit(at(MONDAY, 9))
    assert transition_refusal(booked, Status.CHECKED_IN) is None
    assert transition_refusal(booked.with_status(Status.CHECKED_IN), Status.COMPLETED) is None
    refused = transition_refusal(booked.with_status(Status.CANCELLED), Status.COMPLETED)
    assert refused is not None and refused.rule is Rule.INVALID_STATUS_TRANSITION
    assert transition_refusal(booked.with_status(Status.COMPLETED), Status.NO_SHOW) is not None


def test_a_cancel_with_less_than_a_days_notice_is_late() -> None:
    booked = visit(at(MONDAY, 9))
    assert is_late_cancel(booked, at(MONDAY - timedelta(days=1), 10))
    assert not is_late_cancel(booked, at(MONDAY - timedelta(days=1), 8))


def test_only_a_newer_care_plan_version_replaces_the_projection() -> None:
    assert supersedes(1, None) and supersedes(3, 2)
    assert not supersedes(2, 2) and not supersedes(1, 2)
