from datetime import date

import pytest
from carecoord.events.vocabulary import Comparator, GoalStatus
from referrals.domain.care_plan import Goal
from referrals.domain.goals import goal_status, plan_with_progress, with_progress

from .domain_fixtures import goal, plan

PAIN = goal()  # baseline 7, target at most 3
ROTATION = goal("g-rot", Comparator.AT_LEAST, metric="cervical_rotation_deg", baseline=45.0, target=70.0)


@pytest.mark.parametrize(
    ("subject", "value", "previous", "status"),
    [
        (PAIN, 3, None, GoalStatus.MET),
        (PAIN, 2, 5, GoalStatus.MET),
        (PAIN, 5, None, GoalStatus.IMPROVING),
        (PAIN, 5, 5, GoalStatus.IMPROVING),
        (PAIN, 6, 5, GoalStatus.REGRESSED),
        (PAIN, 8, None, GoalStatus.REGRESSED),
        (PAIN, 7, None, GoalStatus.NOT_STARTED),
        (ROTATION, 70, None, GoalStatus.MET),
        (ROTATION, 55, 50, GoalStatus.IMPROVING),
        (ROTATION, 48, 55, GoalStatus.REGRESSED),
        (ROTATION, 40, None, GoalStatus.REGRESSED),
        (ROTATION, 45, None, GoalStatus.NOT_STARTED),
    ],
)
def test_goal_status_from_the_latest_value(
    subject: Goal, value: float, previous: float | None, status: GoalStatus
) -> None:
    assert goal_status(subject, value, previous) is status


def test_a_value_older_than_the_latest_does_not_roll_the_goal_back() -> None:
    latest = with_progress(PAIN, 4, date(2025, 3, 20))
    assert with_progress(latest, 6, date(2025, 3, 10)) == latest
    assert with_progress(latest, 3, date(2025, 3, 24)).status is GoalStatus.MET


def test_progress_makes_a_new_plan_version_only_when_a_goal_changes() -> None:
    before = plan()
    after = plan_with_progress(before, {"g-pain": 5.0}, date(2025, 3, 10))
    assert after.version == 2
    assert after.content.goals[0].latest_value == 5.0
    assert plan_with_progress(before, {"unknown-goal": 1.0}, date(2025, 3, 10)) is before
