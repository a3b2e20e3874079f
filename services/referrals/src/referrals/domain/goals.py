"""A goal's latest value and status, as the notes service records them against it.

The status is the notes service's reading (``notes.domain.progress``): one rule for the progress
event, the note's timeline and the care plan, so a physician never sees two answers."""

from dataclasses import dataclass, replace
from datetime import date

from carecoord.events.vocabulary import GoalStatus

from referrals.domain.care_plan import CarePlan, Goal


@dataclass(frozen=True)
class Reading:
    value: float
    status: GoalStatus


def with_progress(goal: Goal, reading: Reading, on: date) -> Goal:
    """The goal after a reading measured on ``on``; a reading older than the latest changes
    nothing, so a late or replayed progress event cannot roll the goal back."""
    if goal.latest_on is not None and on < goal.latest_on:
        return goal
    return replace(goal, latest_value=reading.value, latest_on=on, status=reading.status)


def plan_with_progress(plan: CarePlan, readings: dict[str, Reading], on: date) -> CarePlan:
    """The plan one version on, with each named goal's latest value and status; the same plan
    when nothing changes (unknown goals, or readings older than what the plan already has)."""
    goals = tuple(
        with_progress(goal, readings[goal.goal_id], on) if goal.goal_id in readings else goal
        for goal in plan.content.goals
    )
    if goals == plan.content.goals:
        return plan
    return replace(plan, content=replace(plan.content, goals=goals), version=plan.version + 1)
