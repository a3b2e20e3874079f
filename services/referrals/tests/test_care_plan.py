from dataclasses import replace
from datetime import date

import pytest
from carecoord.events.vocabulary import Comparator, Discipline
from referrals.domain.care_plan import GoalDraft, InvalidPlan, PlanEdit, StalePlan, TeamMember, edited
from referrals.domain.changes import Change, changes

from .domain_fixtures import item, plan

MT = Discipline.MEDICAL_MASSAGE


def test_an_edit_on_the_current_version_makes_the_next_version() -> None:
    team = (TeamMember("mt-2", MT), TeamMember("coord-1", None, coordinator=True))
    after = edited(plan(), PlanEdit(team=team), expected_version=1)
    assert after.version == 2
    assert after.content.team == team
    assert after.content.goals == plan().content.goals, "fields left out of the edit are kept"


def test_an_edit_on_an_older_version_is_stale_and_names_the_current_one() -> None:
    current = replace(plan(), version=3)
    with pytest.raises(StalePlan) as raised:
        edited(current, PlanEdit(team=()), expected_version=2)
    assert raised.value.current == 3


def test_a_goal_edited_by_id_keeps_its_id_and_new_goals_get_their_own() -> None:
    drafts = (
        GoalDraft("pain_nrs", "lumbar", 7, 2, Comparator.AT_MOST, date(2025, 4, 14), goal_id="g-pain"),
        GoalDraft("lumbar_flexion_deg", "lumbar", 40, 60, Comparator.AT_LEAST, date(2025, 4, 14)),
    )
    goals = edited(plan(), PlanEdit(goals=drafts), 1).content.goals
    assert (goals[0].goal_id, goals[0].target) == ("g-pain", 2)
    assert goals[1].goal_id not in {"g-pain", ""}


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (
            PlanEdit(
                goals=(GoalDraft("pain_nrs", None, 7, 3, Comparator.AT_MOST, date(2025, 4, 1), "nope"),)
            ),
            "goals.0.goal_id",
        ),
        (PlanEdit(items=(item(), item())), "disciplines"),
        (PlanEdit(team=(TeamMember("a", MT), TeamMember("b", MT))), "care_team"),
        (PlanEdit(team=(TeamMember("a", None, True), TeamMember("b", None, True))), "care_team"),
        (PlanEdit(team=(TeamMember("pt-1", Discipline.PHYSICAL_THERAPY),)), "care_team"),
    ],
)
def test_edits_that_break_a_plan_rule_name_the_field(edit: PlanEdit, field: str) -> None:
    with pytest.raises(InvalidPlan) as raised:
        edited(plan(), edit, 1)
    assert raised.value.field == field


def test_changes_compare_lists_by_identity_and_report_only_what_moved() -> None:
    before = {"goals": [{"goal_id": "a", "target": 3}, {"goal_id": "b", "target": 60}], "team": []}
    after = {
        "goals": [{"goal_id": "b", "target": 60}, {"goal_id": "a", "target": 2}],
        "team": [{"provider_id": "x"}],
    }
    assert changes(before, after) == [
        Change("goals.[a].target", 3, 2),
        Change("team", [], [{"provider_id": "x"}]),
    ]
    assert changes(before, before) == []
