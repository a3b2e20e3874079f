"""A goal's progress as a chart drawn on the server: the measured value at each visit against the
baseline and target lines. Lines differ by dash and every mark carries its value as text, so the
chart reads without colour; the page also lists the readings as a table."""

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 96, 14, 34
INSET = 16


@dataclass(frozen=True)
class Reading:
    visit_on: str
    discipline: str
    value: float
    status: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class ProgressChart:
    """What the SVG draws, in its own coordinates (``WIDTH`` x ``HEIGHT``)."""

    measured: str  # the polyline's points
    marks: list[Mark]
    baseline: Mark
    target: Mark
    y_ticks: list[Mark]
    x_labels: list[Mark]


@dataclass(frozen=True)
class GoalProgress:
    goal: dict[str, Any]
    readings: list[Reading]
    chart: ProgressChart


def readings_of(goal_id: str, timeline: list[dict[str, Any]]) -> list[Reading]:
    """The goal's measured values, one per signed note that measured it, oldest first."""
    entries = sorted(timeline, key=lambda entry: entry["visit_starts_at"])
    return [
        Reading(entry["visit_on"], entry["discipline"], reading["value"], reading["status"])
        for entry in entries
        for reading in entry["goals"]
        if reading["goal_id"] == goal_id
    ]


def goals_progress(goals: list[dict[str, Any]], timeline: list[dict[str, Any]]) -> list[GoalProgress]:
    progress = []
    for goal in goals:
        readings = readings_of(goal["goal_id"], timeline)
        progress.append(GoalProgress(goal, readings, chart(goal["baseline"], goal["target"], readings)))
    return progress


def report_progress(trends: list[dict[str, Any]]) -> list[GoalProgress]:
    """A progress report's goal trends, drawn as the chart draws live progress; a report gives each
    goal's status on its day, not per reading."""
    progress = []
    for trend in trends:
        readings = [Reading(str(p["visit_on"]), p["discipline"], p["value"], "") for p in trend["trend"]]
        progress.append(GoalProgress(trend, readings, chart(trend["baseline"], trend["target"], readings)))
    return progress


def chart(baseline: float, target: float, readings: list[Reading]) -> ProgressChart:
    values = [reading.value for reading in readings]
    top = _nice_ceiling(max([baseline, target, *values]))
    bottom = min(0.0, baseline, target, *values)

    def y(value: float) -> float:
        return round(TOP + (top - value) / (top - bottom) * (HEIGHT - TOP - BOTTOM), 1)

    first = LEFT + INSET  # clear of the scale's labels
    step = (WIDTH - RIGHT - first) / max(len(readings) - 1, 1)
    xs = [round(first + index * step, 1) for index in range(len(readings))]
    marks = [Mark(x, y(reading.value), _text(reading.value)) for x, reading in zip(xs, readings, strict=True)]
    right = WIDTH - RIGHT + 6
    return ProgressChart(
        measured=" ".join(f"{mark.x},{mark.y}" for mark in marks),
        marks=marks,
        baseline=Mark(right, y(baseline), f"baseline {_text(baseline)}"),
        target=Mark(right, y(target), f"target {_text(target)}"),
        y_ticks=[Mark(LEFT - 6, y(value), _text(value)) for value in (bottom, (bottom + top) / 2, top)],
        x_labels=[
            Mark(x, HEIGHT - BOTTOM + 16, reading.visit_on[5:])
            for x, reading in zip(xs, readings, strict=True)
        ],
    )


def _nice_ceiling(value: float) -> float:
    """The scale's top: 10 for pain, and a round number above any larger measure."""
    for ceiling in (10, 20, 50, 100, 200):
        if value <= ceiling:
            return float(ceiling)
    return float(value)


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(round(value, 1))
