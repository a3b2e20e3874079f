"""The acceptance form a referral starts from: one goal, one care-team member and one plan item
per requested discipline, carrying the referral's precautions. The front desk completes it; the
referrals service validates it as it would any acceptance."""

from datetime import date, timedelta
from typing import Any

from console.domain.forms import FormValues

DEFAULT_GOAL = {"metric": "pain_nrs", "comparator": "at_most", "target": "3"}


def acceptance_form(referral: dict[str, Any], today: date) -> FormValues:
    requested = referral.get("requested_disciplines", [])
    longest_weeks = max((item["weeks"] for item in requested), default=6)
    values: FormValues = {
        "start_on": today.isoformat(),
        **{f"goals.0.{name}": value for name, value in DEFAULT_GOAL.items()},
        "goals.0.due_on": (today + timedelta(weeks=longest_weeks)).isoformat(),
    }
    for index, item in enumerate(requested):
        values[f"care_team.{index}.discipline"] = item["discipline"]
        values[f"plan_items.{index}.discipline"] = item["discipline"]
        values[f"plan_items.{index}.precautions[]"] = list(referral.get("precautions", []))
    if requested:
        values["care_team.0.coordinator"] = "true"
    return values
