from datetime import date

import pytest
from carecoord.events.vocabulary import Comparator, GoalStatus
from carecoord.goal_status import measured_status, status_on

PAIN = (Comparator.AT_MOST, 7.0, 3.0)  # baseline 7, met at 3 or less
ROTATION = (Comparator.AT_LEAST, 45.0, 70.0)  # baseline 45 degrees, met at 70 or more


@pytest.mark.parametrize(
    ("goal", "value", "status"),
    [
        (PAIN, 7, GoalStatus.NO_CHANGE),
        (PAIN, 5, GoalStatus.IMPROVING),
        (PAIN, 3, GoalStatus.MET),
        (PAIN, 0, GoalStatus.MET),
        (PAIN, 8, GoalStatus.WORSENING),
        (ROTATION, 45, GoalStatus.NO_CHANGE),
        (ROTATION, 60, GoalStatus.IMPROVING),
        (ROTATION, 70, GoalStatus.MET),
        (ROTATION, 40, GoalStatus.WORSENING),
    ],
)
def test_a_measurement_is_judged_against_the_baseline_and_the_comparator(
    goal: tuple[Comparator, float, float], value: float, status: GoalStatus
) -> None:
    assert measured_status(*goal, value) is status


DUE = date(2026, 4, 15)


def test_a_goal_never_measured_is_not_started_until_it_is_due() -> None:
    assert status_on(None, DUE, date(2026, 4, 15)) is GoalStatus.NOT_STARTED
    assert status_on(None, DUE, date(2026, 4, 16)) is GoalStatus.NOT_MET


@pytest.mark.parametrize("latest", [GoalStatus.IMPROVING, GoalStatus.NO_CHANGE, GoalStatus.WORSENING])
def test_a_goal_past_its_due_date_without_the_target_is_not_met(latest: GoalStatus) -> None:
    assert status_on(latest, DUE, date(2026, 4, 1)) is latest
    assert status_on(latest, DUE, date(2026, 4, 16)) is GoalStatus.NOT_MET


def test_a_met_goal_stays_met_after_its_due_date() -> None:
    assert status_on(GoalStatus.MET, DUE, date(2027, 1, 1)) is GoalStatus.MET
