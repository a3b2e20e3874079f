"""A patient's chart: the shared care plan from referrals (which decides who may see it), with the
visits from scheduling and the session notes from notes beside it."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from console.adapters.services import UserServices
from console.service_layer.gathering import all_optional

HISTORY = timedelta(days=366)


@dataclass(frozen=True)
class Chart:
    plan: dict[str, Any]
    upcoming: list[dict[str, Any]] = field(default_factory=list)
    past: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def load_chart(services: UserServices, care_plan_id: str, now: datetime) -> Chart:
    plan = (await services.get("referrals", f"/care-plans/{care_plan_id}")).body
    patient = plan["patient_id"]
    since = {"since": (now - HISTORY).isoformat(), "limit": "100"}
    visits, notes = await all_optional(
        services.get("scheduling", f"/patients/{patient}/appointments", since),
        services.get("notes", f"/patients/{patient}/notes"),
    )
    appointments = visits.body["items"] if visits.body else []
    return Chart(
        plan=plan,
        upcoming=[a for a in appointments if datetime.fromisoformat(a["starts_at"]) >= now],
        past=[a for a in appointments if datetime.fromisoformat(a["starts_at"]) < now][::-1],
        notes=notes.body["items"] if notes.body else [],
        problems=[part.problem for part in (visits, notes) if part.problem],
    )
