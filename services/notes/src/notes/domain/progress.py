"""Progress against the care plan's goals, from the measurements in a signed note."""

from dataclasses import dataclass

from carecoord.events.vocabulary import Comparator, GoalStatus

from notes.domain.range_of_motion import rom_metric
from notes.domain.soap import SoapContent

PAIN = "pain_nrs"
OSWESTRY = "oswestry_odi"
NECK_DISABILITY = "neck_disability_index"


@dataclass(frozen=True)
class Goal:
    goal_id: str
    metric: str
    body_region: str | None
    baseline: float
    target: float
    comparator: Comparator


@dataclass(frozen=True)
class GoalReading:
    goal_id: str
    metric: str
    value: float
    change_from_baseline: float
    change_from_previous: float | None
    status: GoalStatus


def measurements(content: SoapContent) -> dict[str, float]:
    """Metric name -> value measured in this note.

    Pain is the rating at the start of the visit (how the patient has been since the last one),
    not right after treatment; overall pain is the worst region. Range of motion on two sides
    counts the worse side, so a goal is met only when both sides meet it."""
    values: dict[str, float] = {}
    for rating in content.subjective.pain:
        values[f"{PAIN}:{rating.body_region}"] = rating.before
        values[PAIN] = max(values.get(PAIN, 0), rating.before)
    for rom in content.objective.range_of_motion:
        metric = rom_metric(rom.joint, rom.motion)
        values[metric] = min(values.get(metric, rom.degrees), rom.degrees)
    measures = content.objective.outcome_measures
    if measures is not None:
        if (odi := measures.oswestry_score()) is not None:
            values[OSWESTRY] = odi.percent
        if (ndi := measures.neck_disability_score()) is not None:
            values[NECK_DISABILITY] = ndi.percent
    return values


def value_for(goal: Goal, values: dict[str, float]) -> float | None:
    if goal.body_region and f"{goal.metric}:{goal.body_region}" in values:
        return values[f"{goal.metric}:{goal.body_region}"]
    return values.get(goal.metric)


def status_of(goal: Goal, value: float) -> GoalStatus:
    """Met once the target holds; otherwise judged against the baseline (not the last visit, so
    one bad day after good ones reads as still improving). The one rule: the progress event
    carries it and the referrals service keeps it on the care plan as is."""
    lower_is_better = goal.comparator is Comparator.AT_MOST
    if value <= goal.target if lower_is_better else value >= goal.target:
        return GoalStatus.MET
    if value == goal.baseline:
        return GoalStatus.NOT_STARTED
    return GoalStatus.IMPROVING if (value < goal.baseline) == lower_is_better else GoalStatus.REGRESSED


def reading(goal: Goal, value: float, previous: float | None) -> GoalReading:
    return GoalReading(
        goal_id=goal.goal_id,
        metric=goal.metric,
        value=value,
        change_from_baseline=round(value - goal.baseline, 2),
        change_from_previous=None if previous is None else round(value - previous, 2),
        status=status_of(goal, value),
    )


def readings(goals: list[Goal], values: dict[str, float], previous: dict[str, float]) -> list[GoalReading]:
    """One reading per goal this note measured; ``previous`` holds the last earlier value per goal."""
    result = []
    for goal in goals:
        value = value_for(goal, values)
        if value is not None:
            result.append(reading(goal, value, previous.get(goal.goal_id)))
    return result
