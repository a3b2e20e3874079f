"""The one rule for a goal's status, shared by the notes service (which measures) and the
referrals service (which shows the plan), so the plan, the notes timeline, the events and the
reports never give a physician two answers.

A measurement is judged against the goal's baseline, not the previous visit, so one bad day after
good ones still reads as improving. Time can overrule a measurement: a goal not met by its due date
is ``not_met``, whatever its last reading said."""

from datetime import date

from carecoord.events.vocabulary import Comparator, GoalStatus


def measured_status(comparator: Comparator, baseline: float, target: float, value: float) -> GoalStatus:
    """The status a measurement shows on its own: met, improving, no change or worsening."""
    lower_is_better = comparator is Comparator.AT_MOST
    if value <= target if lower_is_better else value >= target:
        return GoalStatus.MET
    if value == baseline:
        return GoalStatus.NO_CHANGE
    return GoalStatus.IMPROVING if (value < baseline) == lower_is_better else GoalStatus.WORSENING


def status_on(latest: GoalStatus | None, due_on: date, today: date) -> GoalStatus:
    """The status on ``today`` of a goal whose latest measurement showed ``latest`` (None: never
    measured): not met once its due date has passed without the target holding."""
    if latest is GoalStatus.MET:
        return latest
    if today > due_on:
        return GoalStatus.NOT_MET
    return GoalStatus.NOT_STARTED if latest is None else latest
