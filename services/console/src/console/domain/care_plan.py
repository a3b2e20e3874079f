"""The care plan's goals as an editable form. Goals carry their body region as one code
(``left_shoulder``); the API takes it apart again (region and laterality)."""

from typing import Any

from console.domain.forms import FormValues

SIDES = ("left", "right", "bilateral")
GOAL_FIELDS = ("goal_id", "metric", "baseline", "comparator", "target", "due_on")


def region_parts(code: str) -> dict[str, str]:
    side, _, region = code.partition("_")
    return {"region": region, "laterality": side} if side in SIDES and region else {"region": code}


def goals_form(goals: list[dict[str, Any]]) -> FormValues:
    """Every goal as a row, and one empty row for a new goal."""
    values: FormValues = {}
    for index, goal in enumerate(goals):
        for name in GOAL_FIELDS:
            values[f"goals.{index}.{name}"] = _text(goal[name])
        if goal.get("body_region"):
            for name, part in region_parts(goal["body_region"]).items():
                values[f"goals.{index}.body_region.{name}"] = part
    values[f"goals.{len(goals)}.comparator"] = "at_most"
    return values


def without_blank_new_goal(body: dict[str, Any]) -> dict[str, Any]:
    """The offered empty row, if left as offered (only its comparator set), is not a goal."""
    goals = [goal for goal in body.get("goals", []) if set(goal) - {"comparator"}]
    return {**body, "goals": goals}


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def version_of(etag: str | None) -> int | None:
    """The plan version an ETag names (``"3"`` or ``W/"3"``)."""
    value = (etag or "").removeprefix("W/").strip('"')
    return int(value) if value.isdigit() else None
