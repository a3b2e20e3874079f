"""Goal progress, care team alerts and report milestones: pure rules."""

from datetime import UTC, date, datetime

import pytest
from carecoord.events.vocabulary import Comparator, GoalStatus, Technique
from notes.domain.alerts import Alert, AlertKind, alerts_for
from notes.domain.milestones import Milestone, milestone_reached
from notes.domain.precautions import conflicts
from notes.domain.progress import Goal, measurements, readings, value_for
from notes.domain.range_of_motion import Joint
from notes.domain.report import SignedVisit
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
    TechniqueApplied,
    Treatment,
)
from notes.domain.vocabulary import Pressure, Severity

DUE = date(2026, 4, 15)
PAIN_GOAL = Goal("g-pain", "pain_nrs", "low_back", 7, 3, Comparator.AT_MOST, DUE)
ROTATION_GOAL = Goal("g-rot", "cervical_rotation_deg", None, 45, 70, Comparator.AT_LEAST, DUE)


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
        "cervical_rotation_deg:left_cervical": 62,
        "cervical_rotation_deg:right_cervical": 55,
        "cervical_rotation_deg:cervical": 55,
        "cervical_rotation_deg": 55,
        "oswestry_odi": 40.0,
    }


def test_a_goal_is_measured_only_in_its_own_region_and_side() -> None:
    values = measurements(visit_content())
    shoulder = {"shoulder_flexion_deg:left_shoulder": 150.0, "shoulder_flexion_deg": 120.0}
    assert value_for(PAIN_GOAL, values) == 5, "not the worse neck pain"
    assert value_for(Goal("g-hip", "pain_nrs", "hip", 7, 3, Comparator.AT_MOST, DUE), values) is None
    left = Goal("g-l", "shoulder_flexion_deg", "left_shoulder", 90, 170, Comparator.AT_LEAST, DUE)
    assert value_for(left, shoulder) == 150.0
    right = Goal("g-r", "shoulder_flexion_deg", "right_shoulder", 90, 170, Comparator.AT_LEAST, DUE)
    assert value_for(right, shoulder) is None
    both = Goal("g-b", "cervical_rotation_deg", "bilateral_cervical", 45, 70, Comparator.AT_LEAST, DUE)
    assert value_for(both, values) == 55, "both sides: the worse side"


def test_readings_change_from_baseline_and_previous_visit() -> None:
    odi_goal = Goal("g-odi", "oswestry_odi", None, 50, 20, Comparator.AT_MOST, DUE)
    unmeasured = Goal("g-knee", "knee_flexion_deg", None, 90, 120, Comparator.AT_LEAST, DUE)
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


def signed(discipline: str, count: int, spot_work: bool = False) -> list[SignedVisit]:
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return [
        SignedVisit(
            discipline=discipline, visit_starts_at=at, measurements={}, goal_statuses={}, spot_work=spot_work
        )
    ] * count


MT, PT = "medical_massage", "physical_therapy"


@pytest.mark.parametrize(
    ("visits", "every", "planned", "milestone"),
    [
        (signed(MT, 1), 4, {MT: 12}, None),
        (signed(MT, 4), 4, {MT: 12}, Milestone.EVERY_N_VISITS),
        (signed(MT, 8), 4, {MT: 12}, Milestone.EVERY_N_VISITS),
        (signed(MT, 12), 4, {MT: 12}, Milestone.END_OF_SERIES),
        (signed(MT, 10), 4, {MT: 10}, Milestone.END_OF_SERIES),
        (signed(MT, 13), 4, {MT: 12}, None),
        (signed(MT, 6), 0, {}, None),
        (signed(MT, 6), 3, {}, Milestone.EVERY_N_VISITS),
    ],
)
def test_reports_fall_due_every_n_visits_and_at_the_end_of_the_series(
    visits: list[SignedVisit], every: int, planned: dict[str, int], milestone: Milestone | None
) -> None:
    assert milestone_reached(visits, MT, every, planned) == milestone


def test_the_series_ends_when_every_discipline_has_its_own_planned_visits_and_spot_work_does_not_count() -> (
    None
):
    planned = {MT: 2, PT: 3}
    massage_done_early = signed(MT, 2) + signed(PT, 1)
    assert milestone_reached(massage_done_early, MT, 0, planned) is None, "physical therapy is not done"
    with_spot_work = signed(MT, 2) + signed(PT, 2) + signed(MT, 3, spot_work=True)
    assert milestone_reached(with_spot_work, MT, 0, planned) is None
    assert milestone_reached(signed(MT, 2) + signed(PT, 3), PT, 0, planned) is Milestone.END_OF_SERIES


def test_precautions_forbid_the_techniques_and_pressure_that_break_them() -> None:
    content = SoapContent(
        treatment=Treatment(
            techniques=[
                TechniqueApplied(technique=Technique.DEEP_TISSUE, minutes=10),
                TechniqueApplied(technique=Technique.SPINAL_MANIPULATION, minutes=5, regions=["lumbar"]),
            ],
            pressure=Pressure.DEEP,
        )
    )
    found = [str(c) for c in conflicts(content, frozenset({"no_deep_pressure", "no_spinal_manipulation"}))]
    assert found == [
        "deep_tissue is recorded under the precaution no_deep_pressure",
        "deep pressure is recorded under the precaution no_deep_pressure",
        "spinal_manipulation is recorded under the precaution no_spinal_manipulation",
    ]
    assert conflicts(content, frozenset({"fall_risk", "hypertension_monitor"})) == []
    gentle = SoapContent(treatment=Treatment(pressure=Pressure.LIGHT))
    assert conflicts(gentle, frozenset({"active_cancer_treatment", "osteoporosis"})) == []
