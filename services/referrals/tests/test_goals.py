from datetime import date

from carecoord.events.vocabulary import GoalStatus
from referrals.domain.goals import Reading, plan_with_progress, with_progress

from .domain_fixtures import goal, plan

PAIN = goal()  # baseline 7, target at most 3


def test_the_goal_takes_the_value_and_status_the_notes_service_recorded() -> None:
    updated = with_progress(PAIN, Reading(5, GoalStatus.IMPROVING), date(2025, 3, 10))
    assert (updated.latest_value, updated.latest_on, updated.status) == (
        5,
        date(2025, 3, 10),
        GoalStatus.IMPROVING,
    )


def test_a_reading_older_than_the_latest_does_not_roll_the_goal_back() -> None:
    latest = with_progress(PAIN, Reading(4, GoalStatus.IMPROVING), date(2025, 3, 20))
    assert with_progress(latest, Reading(6, GoalStatus.IMPROVING), date(2025, 3, 10)) == latest
    assert with_progress(latest, Reading(3, GoalStatus.MET), date(2025, 3, 24)).status is GoalStatus.MET


def test_progress_makes_a_new_plan_version_only_when_a_goal_changes() -> None:
    before = plan()
    after = plan_with_progress(before, {"g-pain": Reading(5.0, GoalStatus.IMPROVING)}, date(2025, 3, 10))
    assert after.version == 2
    assert after.content.goals[0].latest_value == 5.0
    unknown = {"unknown-goal": Reading(1.0, GoalStatus.MET)}
    assert plan_with_progress(before, unknown, date(2025, 3, 10)) is before
