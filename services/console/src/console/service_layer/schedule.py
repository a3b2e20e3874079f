"""The schedule: a provider's day or week, a visit series planned from the care plan (proposal,
then booking), and 15-minute spot work inside another provider's visit."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from console.adapters.services import UserServices
from console.domain.schedule import SPOT_WORK_MINUTES, by_day, calendar_days
from console.service_layer.gathering import optional


@dataclass(frozen=True)
class Calendar:
    providers: list[dict[str, Any]]
    provider_id: str | None
    days: dict[date, list[dict[str, Any]]]
    problem: str | None


async def load_calendar(services: UserServices, provider_id: str | None, day: date, view: str) -> Calendar:
    providers = (await services.get("scheduling", "/providers")).body
    if not provider_id:
        return Calendar(providers, None, {}, None)
    params = {"day": day.isoformat(), "view": view, "limit": "100"}
    page = await optional(services.get("scheduling", f"/providers/{provider_id}/calendar", params))
    items = page.body["items"] if page.body else []
    return Calendar(providers, provider_id, by_day(items, calendar_days(day, view)), page.problem)


async def plan_for_booking(services: UserServices, care_plan_id: str) -> dict[str, Any]:
    """Scheduling's copy of the plan: disciplines, windows, care team and visits counted."""
    return dict((await services.get("scheduling", f"/care-plans/{care_plan_id}")).body)


async def propose_series(
    services: UserServices, care_plan_id: str, request: dict[str, Any]
) -> dict[str, Any]:
    path = f"/care-plans/{care_plan_id}/series/proposal"
    return dict((await services.call("POST", "scheduling", path, json=request)).body)


async def book_series(services: UserServices, care_plan_id: str, series: dict[str, Any]) -> str:
    """Books every visit or none; returns where to see them: the provider's week of the first."""
    booked = (
        await services.call("POST", "scheduling", f"/care-plans/{care_plan_id}/series", json=series)
    ).body
    first = booked["appointments"][0]
    week = {"provider_id": first["provider_id"], "day": first["starts_at"][:10], "view": "week"}
    return f"/schedule?{urlencode(week)}"


async def book_spot_work(services: UserServices, host: dict[str, Any], request: dict[str, Any]) -> None:
    body = {
        "care_plan_id": host["care_plan_id"],
        "host_appointment_id": host["id"],
        "discipline": "medical_massage",
        "duration_minutes": SPOT_WORK_MINUTES,
        **request,
    }
    await services.call("POST", "scheduling", "/appointments", json=body)
