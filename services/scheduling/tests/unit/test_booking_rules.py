from dataclasses import replace
from datetime import date, timedelta

import pytest
from carecoord.events.vocabulary import Discipline
from hypothesis import given, settings
from hypothesis import strategies as st
from scheduling.domain.appointments import Appointment
from scheduling.domain.booking_rules import BookingContext, booking_refusals
from scheduling.domain.care_plan import Authorization
from scheduling.domain.refusals import Rule

from .factories import MONDAY, NOW, at, care_plan, provider, visit


def rules(candidate: Appointment, **context: object) -> set[Rule]:
    fields: dict[str, object] = {"plan": care_plan(), "provider": provider(), "now": NOW, **context}
    return {refusal.rule for refusal in booking_refusals(candidate, BookingContext(**fields))}  # type: ignore[arg-type]


def test_a_visit_inside_hours_window_and_team_is_accepted() -> None:
    assert rules(visit(at(MONDAY, 9))) == set()


@pytest.mark.parametrize(
    ("candidate", "context", "rule"),
    [
        (visit(at(MONDAY, 8)), {}, Rule.OUTSIDE_WORKING_HOURS),
        (visit(at(MONDAY, 12)), {}, Rule.OUTSIDE_WORKING_HOURS),
        (visit(at(MONDAY - timedelta(days=1), 10)), {}, Rule.OUTSIDE_PLAN_WINDOW),
        (visit(at(date(2030, 4, 15), 10)), {}, Rule.OUTSIDE_PLAN_WINDOW),
        (
            visit(at(MONDAY, 9)),
            {"plan": care_plan(team=frozenset({"lmt-1"}))},
            Rule.PROVIDER_NOT_ON_CARE_TEAM,
        ),
        (visit(at(MONDAY, 9)), {"visits_counted": 12}, Rule.AUTHORIZED_VISITS_EXHAUSTED),
        (
            visit(at(MONDAY, 9)),
            {
                "plan": care_plan(
                    authorization=Authorization(
                        MONDAY + timedelta(days=1), date(2030, 5, 1), {Discipline.PHYSICAL_THERAPY: 12}
                    )
                )
            },
            Rule.OUTSIDE_AUTHORIZATION_WINDOW,
        ),
        (
            visit(at(MONDAY, 9)),
            {"provider_appointments": [visit(at(MONDAY, 9, 30), patient_id="patient-2")]},
            Rule.PROVIDER_DOUBLE_BOOKED,
        ),
        (
            visit(at(MONDAY, 9)),
            {"patient_appointments": [visit(at(MONDAY, 8, 30), provider_id="dc-1")]},
            Rule.PATIENT_DOUBLE_BOOKED,
        ),
        (
            visit(at(MONDAY, 9), room_id="table-1"),
            {"room_appointments": [visit(at(MONDAY, 9), provider_id="dc-1", room_id="table-1")]},
            Rule.ROOM_DOUBLE_BOOKED,
        ),
        (visit(at(MONDAY, 9), discipline=Discipline.CHIROPRACTIC), {}, Rule.PROVIDER_DISCIPLINE_MISMATCH),
        (
            visit(at(MONDAY, 9)),
            {"plan": care_plan(disciplines={})},
            Rule.DISCIPLINE_NOT_IN_CARE_PLAN,
        ),
        (visit(at(MONDAY, 9)), {"now": at(MONDAY, 10)}, Rule.STARTS_IN_THE_PAST),
    ],
)
def test_each_refusal_names_its_rule(candidate: Appointment, context: dict[str, object], rule: Rule) -> None:
    assert rule in rules(candidate, **context)


def test_a_discipline_the_authorization_does_not_cover_is_self_pay_unless_the_plan_requires_one() -> None:
    plan = care_plan(
        authorization=Authorization(MONDAY, date(2030, 4, 30), {Discipline.PHYSICAL_THERAPY: 0}),
    )
    massage = visit(at(MONDAY, 9), provider_id="lmt-1", discipline=Discipline.MEDICAL_MASSAGE)
    therapist = provider("lmt-1", Discipline.MEDICAL_MASSAGE)
    assert not plan.covers(Discipline.MEDICAL_MASSAGE)
    assert rules(massage, plan=plan, provider=therapist) == set(), "uncovered: bookable as self-pay"
    assert rules(visit(at(MONDAY, 9)), plan=plan) == {Rule.AUTHORIZED_VISITS_EXHAUSTED}, "covered, none left"
    item = replace(plan.disciplines[Discipline.MEDICAL_MASSAGE], requires_authorization=True)
    strict = replace(plan, disciplines={**plan.disciplines, Discipline.MEDICAL_MASSAGE: item})
    assert rules(massage, plan=strict, provider=therapist) == {Rule.NOT_COVERED_BY_AUTHORIZATION}


def test_a_plan_without_authorization_has_no_visit_limit() -> None:
    assert rules(visit(at(MONDAY, 9)), plan=care_plan(authorization=None), visits_counted=500) == set()


def test_back_to_back_visits_across_disciplines_are_allowed() -> None:
    massage_first = visit(at(MONDAY, 9), 30, provider_id="lmt-1", discipline=Discipline.MEDICAL_MASSAGE)
    adjustment = visit(at(MONDAY, 9, 30), 30, provider_id="dc-1", discipline=Discipline.CHIROPRACTIC)
    chiro = provider("dc-1", Discipline.CHIROPRACTIC)
    assert rules(adjustment, provider=chiro, patient_appointments=[massage_first]) == set()


starts = st.integers(min_value=0, max_value=4 * 8 * 4).map(
    lambda quarter: at(MONDAY + timedelta(days=quarter // 32), 9) + timedelta(minutes=15 * (quarter % 32))
)
requests = st.tuples(
    starts, st.sampled_from([15, 30, 45, 60, 90]), st.sampled_from(["patient-1", "patient-2", "patient-3"])
)


@settings(max_examples=200)
@given(st.lists(requests, max_size=30))
def test_no_two_accepted_bookings_ever_overlap_for_a_provider_or_a_patient(
    attempts: list[tuple[object, int, str]],
) -> None:
    plan = care_plan(authorization=None)
    accepted: list[Appointment] = []
    for start, minutes, patient in attempts:
        candidate = visit(start, minutes, patient_id=patient)  # type: ignore[arg-type]
        context = BookingContext(
            plan=replace(plan, patient_id=patient),
            provider=provider(),
            now=NOW,
            provider_appointments=list(accepted),
            patient_appointments=[a for a in accepted if a.patient_id == patient],
        )
        if not booking_refusals(candidate, context):
            accepted.append(candidate)
    for index, first in enumerate(accepted):
        for second in accepted[index + 1 :]:
            assert not first.interval.overlaps(second.interval)
