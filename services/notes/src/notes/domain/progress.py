"""Progress against the care plan's goals, from the measurements in a signed note."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from carecoord.events.vocabulary import Comparator, GoalStatus
from carecoord.goal_status import measured_status

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
    due_on: date


@dataclass(frozen=True)
class GoalReading:
    goal_id: str
    metric: str
    value: float
    change_from_baseline: float
    change_from_previous: float | None
    status: GoalStatus


def measurements(content: SoapContent) -> dict[str, float]:
    """Metric name (alone, and with the region measured) -> value measured in this note.

    Pain is the rating at the start of the visit (how the patient has been since the last one),
    not right after treatment; the metric alone is the worst region. Range of motion is kept per
    side (``shoulder_flexion_deg:left_shoulder``) and, for the joint and the metric alone, as the
    worse side, so a goal for both sides is met only when both sides meet it."""
    values: dict[str, float] = {}

    def keep_worst(key: str, value: float, worse: Callable[[float, float], float]) -> None:
        values[key] = worse(values[key], value) if key in values else value

    for rating in content.subjective.pain:
        keep_worst(f"{PAIN}:{rating.body_region}", rating.before, max)
        keep_worst(PAIN, rating.before, max)
    for rom in content.objective.range_of_motion:
        metric = rom_metric(rom.joint, rom.motion)
        if rom.side is not None:
            keep_worst(f"{metric}:{rom.side}_{rom.joint}", rom.degrees, min)
        keep_worst(f"{metric}:{rom.joint}", rom.degrees, min)
        keep_worst(metric, rom.degrees, min)
    measures = content.objective.outcome_measures
    if measures is not None:
        if (odi := measures.oswestry_score()) is not None:
            values[OSWESTRY] = odi.percent
        if (ndi := measures.neck_disability_score()) is not None:
            values[NECK_DISABILITY] = ndi.percent
    return values


def value_for(goal: Goal, values: dict[str, float]) -> float | None:
    """A goal is measured only in its own region and side, never from another region: a goal for
    the left shoulder ignores the right one, and lumbar pain ignores worse neck pain. A goal for
    both sides reads the worse side; a goal without a region reads the metric as a whole."""
    if goal.body_region is None:
        return values.get(goal.metric)
    region = goal.body_region.removeprefix("bilateral_")
    return values.get(f"{goal.metric}:{region}")


def reading(goal: Goal, value: float, previous: float | None) -> GoalReading:
    return GoalReading(
        goal_id=goal.goal_id,
        metric=goal.metric,
        value=value,
        change_from_baseline=round(value - goal.baseline, 2),
        change_from_previous=None if previous is None else round(value - previous, 2),
        status=measured_status(goal.comparator, goal.baseline, goal.target, value),
    )


def readings(goals: list[Goal], values: dict[str, float], previous: dict[str, float]) -> list[GoalReading]:
    """One reading per goal this note measured; ``previous`` holds the last earlier value per goal."""
    result = []
    for goal in goals:
        value = value_for(goal, values)
        if value is not None:
            result.append(reading(goal, value, previous.get(goal.goal_id)))
    return result
