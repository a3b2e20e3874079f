"""Measured progress against a plan's goals, kept beside the plan rather than in it: a reading
changes what the plan shows, never its version.

The status a reading carries is the notes service's (``carecoord.goal_status``): one rule for the
progress event, the notes timeline and the care plan, so a physician never sees two answers."""

from dataclasses import dataclass
from datetime import date

from carecoord.events.vocabulary import GoalStatus
from carecoord.goal_status import status_on

from referrals.domain.care_plan import Goal


@dataclass(frozen=True)
class GoalProgress:
    goal_id: str
    value: float
    measured_status: GoalStatus
    measured_on: date


def is_newer(reading: GoalProgress, current: GoalProgress | None) -> bool:
    """A reading older than the latest changes nothing, so a late or replayed progress event
    cannot roll a goal back."""
    return current is None or reading.measured_on >= current.measured_on


def goal_status(goal: Goal, progress: GoalProgress | None, today: date) -> GoalStatus:
    return status_on(progress.measured_status if progress else None, goal.due_on, today)
