"""Pure pieces of the schedule: which days a calendar shows, which visits a room's calendar holds,
and a proposed visit series as the form that books it."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from console.domain.forms import FormValues

SPOT_WORK_MINUTES = 15


def calendar_days(day: date, view: str) -> list[date]:
    """The day itself, or Monday to Sunday of its week."""
    if view != "week":
        return [day]
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]


def by_day(appointments: list[dict[str, Any]], days: list[date]) -> dict[date, list[dict[str, Any]]]:
    shown: dict[date, list[dict[str, Any]]] = {day: [] for day in days}
    for appointment in appointments:
        starts = date.fromisoformat(appointment["starts_at"][:10])
        if starts in shown:
            shown[starts].append(appointment)
    return shown


def in_room(pages: Iterable[dict[str, Any] | None], room_id: str | None) -> list[dict[str, Any]]:
    """The visits of the calendar pages read (all of them, or those held in one room), by start;
    a page that could not be read is None."""
    visits = [visit for page in pages if page for visit in page["items"]]
    return sorted(
        (visit for visit in visits if room_id is None or visit.get("room_id") == room_id),
        key=lambda visit: visit["starts_at"],
    )


def proposal_form(proposal: dict[str, Any]) -> FormValues:
    """Every proposed visit as the rows of the booking form, all kept until the person unticks one."""
    values: FormValues = {"discipline": proposal["discipline"], "provider_id": proposal["provider_id"]}
    for index, visit in enumerate(proposal["visits"]):
        values[f"visits.{index}.starts_at"] = visit["starts_at"]
        values[f"visits.{index}.duration_minutes"] = str(visit["duration_minutes"])
    return values


def chosen_visits(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The booking form without the visits the person unticked (``keep`` holds the kept indices),
    renumbered so the service's ``visit_index`` names a row of what was sent."""
    kept = [value for name, value in pairs if name == "keep"]
    renumbered: dict[str, int] = {index: position for position, index in enumerate(kept)}
    chosen = []
    for name, value in pairs:
        parts = name.split(".")
        if name == "keep":
            continue
        if parts[0] == "visits" and len(parts) == 3:
            if parts[1] not in renumbered:
                continue
            name = f"visits.{renumbered[parts[1]]}.{parts[2]}"
        chosen.append((name, value))
    return chosen
