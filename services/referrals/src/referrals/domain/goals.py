"""A goal's status from the values the notes service records against it."""

from dataclasses import replace
from datetime import date

from carecoord.events.vocabulary import Comparator, GoalStatus

from referrals.domain.care_plan import CarePlan, Goal


def meets_target(goal: Goal, value: float) -> bool:
    if goal.comparator is Comparator.AT_MOST:
        return value <= goal.target
    return value >= goal.target


def is_better(goal: Goal, value: float, than: float) -> bool:
    """Lower is better for an ``at_most`` goal (pain), higher for ``at_least`` (rotation)."""
    return value < than if goal.comparator is Comparator.AT_MOST else value > than


def goal_status(goal: Goal, value: float, previous: float | None) -> GoalStatus:
    """Met once the target holds; regressed when worse than the last value (or the baseline);
    improving when better than the baseline; otherwise not started."""
    if meets_target(goal, value):
        return GoalStatus.MET
    if is_better(goal, previous if previous is not None else goal.baseline, value):
        return GoalStatus.REGRESSED
    if is_better(goal, value, goal.baseline):
        return GoalStatus.IMPROVING
    return GoalStatus.NOT_STARTED


def with_progress(goal: Goal, value: float, on: date) -> Goal:
    """The goal after a value measured on ``on``; a value older than the latest changes nothing,
    so a late or replayed progress event cannot roll the goal back."""
    if goal.latest_on is not None and on < goal.latest_on:
        return goal
    status = goal_status(goal, value, goal.latest_value)
    return replace(goal, latest_value=value, latest_on=on, status=status)


def plan_with_progress(plan: CarePlan, values: dict[str, float], on: date) -> CarePlan:
    """The plan one version on, with each named goal's latest value and status; the same plan
    when nothing changes (unknown goals, or values older than what the plan already has)."""
    goals = tuple(
        with_progress(goal, values[goal.goal_id], on) if goal.goal_id in values else goal
        for goal in plan.content.goals
    )
    if goals == plan.content.goals:
        return plan
    return replace(plan, content=replace(plan.content, goals=goals), version=plan.version + 1)
