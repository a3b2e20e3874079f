"""The schedule: a provider's or a room's day or week, a visit series planned from the care plan (proposal,
then booking), and 15-minute spot work inside another provider's visit."""

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from console.adapters.services import UserServices
from console.domain.schedule import SPOT_WORK_MINUTES, by_day, calendar_days, in_room
from console.service_layer.gathering import all_optional


@dataclass(frozen=True)
class Calendar:
    providers: list[dict[str, Any]]
    rooms: list[dict[str, Any]]
    provider_id: str | None
    room_id: str | None
    days: dict[date, list[dict[str, Any]]]
    problem: str | None


async def load_calendar(
    services: UserServices, provider_id: str | None, room_id: str | None, day: date, view: str
) -> Calendar:
    """A provider's calendar, or a room's: every provider's visits in that room (the scheduling
    service keeps calendars per provider; a provider who may read only their own sees only those)."""
    providers, rooms = await asyncio.gather(
        services.get("scheduling", "/providers"), services.get("scheduling", "/rooms")
    )
    shown = [provider_id] if provider_id else [p["id"] for p in providers.body] if room_id else []
    params = {"day": day.isoformat(), "view": view, "limit": "100"}
    pages = await all_optional(
        *(services.get("scheduling", f"/providers/{shown_id}/calendar", params) for shown_id in shown)
    )
    items = in_room((page.body for page in pages), room_id)
    problem = next((page.problem for page in pages if page.problem), None)
    days = by_day(items, calendar_days(day, view)) if shown else {}
    return Calendar(providers.body, rooms.body, provider_id, room_id, days, problem)


async def room_choices(services: UserServices) -> dict[str, str]:
    """The clinic's rooms and tables a visit may be booked into, by id."""
    rooms = (await services.get("scheduling", "/rooms")).body
    return {room["id"]: f"{room['name']} ({room['kind']})" for room in rooms}


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
