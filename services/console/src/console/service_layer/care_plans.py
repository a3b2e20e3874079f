"""Editing the shared care plan's goals: saved with the version the editor read, so a concurrent
edit is refused (412) and shown, never overwritten."""

from typing import Any

from console.adapters.services import UserServices


async def save_goals(services: UserServices, care_plan_id: str, body: dict[str, Any], if_match: str) -> None:
    await services.call("PATCH", "referrals", f"/care-plans/{care_plan_id}", json=body, if_match=if_match)


async def changes_since(
    services: UserServices, care_plan_id: str, version: int | None
) -> list[dict[str, Any]]:
    """The plan's history entries newer than the version the editor started from, oldest first."""
    history = (await services.get("referrals", f"/care-plans/{care_plan_id}/history", {"limit": "50"})).body
    newer = [entry for entry in history["items"] if version is None or entry["version"] > version]
    return sorted(newer, key=lambda entry: entry["version"])
