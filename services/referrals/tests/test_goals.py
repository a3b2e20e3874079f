from datetime import date

from carecoord.events.vocabulary import GoalStatus
from referrals.domain.goals import GoalProgress, goal_status, is_newer

from .domain_fixtures import goal

PAIN = goal()  # baseline 7, target at most 3, due 2025-04-14
BEFORE_DUE = date(2025, 4, 1)


def reading(on: date, status: GoalStatus = GoalStatus.IMPROVING, value: float = 5) -> GoalProgress:
    return GoalProgress("g-pain", value, status, on)


def test_a_reading_older_than_the_latest_does_not_roll_the_goal_back() -> None:
    latest = reading(date(2025, 3, 20))
    assert not is_newer(reading(date(2025, 3, 10)), latest)
    assert is_newer(reading(date(2025, 3, 24), GoalStatus.MET, 3), latest)
    assert is_newer(reading(date(2025, 3, 10)), None)


def test_a_goal_is_not_started_only_before_its_first_measurement() -> None:
    assert goal_status(PAIN, None, BEFORE_DUE) is GoalStatus.NOT_STARTED
    measured = reading(date(2025, 3, 10), GoalStatus.NO_CHANGE, 7)
    assert goal_status(PAIN, measured, BEFORE_DUE) is GoalStatus.NO_CHANGE


def test_a_goal_past_its_due_date_and_not_met_is_not_met() -> None:
    after_due = date(2025, 4, 15)
    assert goal_status(PAIN, reading(date(2025, 4, 10)), after_due) is GoalStatus.NOT_MET
    assert goal_status(PAIN, None, after_due) is GoalStatus.NOT_MET
    met = reading(date(2025, 4, 10), GoalStatus.MET, 3)
    assert goal_status(PAIN, met, after_due) is GoalStatus.MET
