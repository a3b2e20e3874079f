"""Goal progress, care team alerts and report milestones: pure rules."""

import pytest
from carecoord.events.vocabulary import Comparator, GoalStatus
from notes.domain.alerts import Alert, AlertKind, alerts_for
from notes.domain.milestones import Milestone, milestone_reached
from notes.domain.progress import Goal, measurements, readings, status_of
from notes.domain.range_of_motion import Joint
from notes.domain.soap import (
    Objective,
    OutcomeMeasures,
    PainRating,
    Palpation,
    Plan,
    RangeOfMotion,
    ResponseSinceLastVisit,
    Side,
    SoapContent,
    Subjective,
)
from notes.domain.vocabulary import Severity

PAIN_GOAL = Goal("g-pain", "pain_nrs", "low_back", baseline=7, target=3, comparator=Comparator.AT_MOST)
ROTATION_GOAL = Goal(
    "g-rot", "cervical_rotation_deg", None, baseline=45, target=70, comparator=Comparator.AT_LEAST
)


@pytest.mark.parametrize(
    ("goal", "value", "status"),
    [
        (PAIN_GOAL, 7, GoalStatus.NOT_STARTED),
        (PAIN_GOAL, 5, GoalStatus.IMPROVING),
        (PAIN_GOAL, 3, GoalStatus.MET),
        (PAIN_GOAL, 0, GoalStatus.MET),
        (PAIN_GOAL, 8, GoalStatus.REGRESSED),
        (ROTATION_GOAL, 45, GoalStatus.NOT_STARTED),
        (ROTATION_GOAL, 60, GoalStatus.IMPROVING),
        (ROTATION_GOAL, 70, GoalStatus.MET),
        (ROTATION_GOAL, 40, GoalStatus.REGRESSED),
    ],
)
def test_goal_status_follows_the_comparator(goal: Goal, value: float, status: GoalStatus) -> None:
    assert status_of(goal, value) == status


def visit_content() -> SoapContent:
    return SoapContent(
        subjective=Subjective(
            pain=[
                PainRating(body_region="low_back", before=5, after=3),
                PainRating(body_region="neck", before=6, after=6),
            ]
        ),
        objective=Objective(
            range_of_motion=[
                RangeOfMotion(joint=Joint.CERVICAL, motion="rotation", side=Side.LEFT, degrees=62),
                RangeOfMotion(joint=Joint.CERVICAL, motion="rotation", side=Side.RIGHT, degrees=55),
            ],
            outcome_measures=OutcomeMeasures(oswestry_items=[2] * 10),
        ),
    )


def test_measurements_take_pain_before_the_session_and_the_worse_side() -> None:
    assert measurements(visit_content()) == {
        "pain_nrs:low_back": 5,
        "pain_nrs:neck": 6,
        "pain_nrs": 6,
        "cervical_rotation_deg": 55,
        "oswestry_odi": 40.0,
    }


def test_readings_change_from_baseline_and_previous_visit() -> None:
    odi_goal = Goal("g-odi", "oswestry_odi", None, baseline=50, target=20, comparator=Comparator.AT_MOST)
    unmeasured = Goal(
        "g-knee", "knee_flexion_deg", None, baseline=90, target=120, comparator=Comparator.AT_LEAST
    )
    result = readings(
        [PAIN_GOAL, ROTATION_GOAL, odi_goal, unmeasured],
        measurements(visit_content()),
        previous={"g-pain": 6, "g-rot": 50},
    )
    summary = [(r.goal_id, r.value, r.change_from_baseline, r.change_from_previous, r.status) for r in result]
    assert summary == [
        ("g-pain", 5, -2, -1, GoalStatus.IMPROVING),
        ("g-rot", 55, 10, 5, GoalStatus.IMPROVING),
        ("g-odi", 40.0, -10, None, GoalStatus.IMPROVING),
    ]


def test_pain_rising_by_two_after_the_session_alerts_the_care_team() -> None:
    content = SoapContent(
        subjective=Subjective(
            pain=[
                PainRating(body_region="low_back", before=4, after=6),
                PainRating(body_region="neck", before=4, after=5),
                PainRating(body_region="hip", before=4),
            ]
        )
    )
    assert alerts_for(content, known_precautions=[]) == [
        Alert(AlertKind.ADVERSE_RESPONSE, body_region="low_back")
    ]


def test_strong_soreness_and_grade_four_tenderness_alert() -> None:
    content = SoapContent(
        subjective=Subjective(response_since_last_visit=ResponseSinceLastVisit(soreness=Severity.STRONG)),
        objective=Objective(
            palpation=[
                Palpation(body_region="upper_trapezius", tenderness_grade=4),
                Palpation(body_region="levator_scapulae", tenderness_grade=3),
            ]
        ),
    )
    assert alerts_for(content, known_precautions=[]) == [
        Alert(AlertKind.STRONG_SORENESS),
        Alert(AlertKind.STRONG_SORENESS, body_region="upper_trapezius"),
    ]


def test_only_precautions_the_plan_does_not_already_carry_alert() -> None:
    content = SoapContent(plan=Plan(new_precautions=["no_deep_pressure", "avoid_prone", "avoid_prone"]))
    assert alerts_for(content, known_precautions={"no_deep_pressure"}) == [
        Alert(AlertKind.NEW_PRECAUTION, precaution="avoid_prone")
    ]


def test_a_calm_session_raises_no_alert() -> None:
    content = SoapContent(subjective=Subjective(pain=[PainRating(body_region="neck", before=5, after=2)]))
    assert alerts_for(content, known_precautions=[]) == []


@pytest.mark.parametrize(
    ("signed", "every", "planned", "milestone"),
    [
        (1, 4, 12, None),
        (4, 4, 12, Milestone.EVERY_N_VISITS),
        (8, 4, 12, Milestone.EVERY_N_VISITS),
        (12, 4, 12, Milestone.END_OF_SERIES),
        (10, 4, 10, Milestone.END_OF_SERIES),
        (13, 4, 12, None),
        (6, 0, None, None),
        (6, 3, None, Milestone.EVERY_N_VISITS),
    ],
)
def test_reports_fall_due_every_n_visits_and_at_the_end_of_the_series(
    signed: int, every: int, planned: int | None, milestone: Milestone | None
) -> None:
    assert milestone_reached(signed, every, planned) == milestone
