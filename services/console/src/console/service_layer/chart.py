"""A patient's chart: the shared care plan from referrals (which decides who may see it), with the
patient's name from the referral, the visits from scheduling, and the session notes, each goal's
measured progress and the progress reports from notes beside it."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from console.adapters.services import UserServices
from console.domain.progress import GoalProgress, goals_progress
from console.service_layer.gathering import all_optional

HISTORY = timedelta(days=366)


@dataclass(frozen=True)
class Chart:
    plan: dict[str, Any]
    upcoming: list[dict[str, Any]] = field(default_factory=list)
    past: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    patient: dict[str, str] | None = None
    progress: list[GoalProgress] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def patient_name(self) -> str:
        """The name for those who may read the referral; the record's id for anyone else."""
        if self.patient is None:
            return f"patient {self.plan['patient_id']}"
        return f"{self.patient['given_name']} {self.patient['family_name']}"


async def load_chart(services: UserServices, care_plan_id: str, now: datetime) -> Chart:
    plan = (await services.get("referrals", f"/care-plans/{care_plan_id}")).body
    patient = plan["patient_id"]
    since = {"since": (now - HISTORY).isoformat(), "limit": "100"}
    visits, notes, timeline, reports, referral = await all_optional(
        services.get("scheduling", f"/patients/{patient}/appointments", since),
        services.get("notes", f"/patients/{patient}/notes"),
        services.get("notes", f"/patients/{patient}/progress"),
        services.get("notes", f"/patients/{patient}/progress-reports"),
        services.get("referrals", f"/referrals/{plan['referral_id']}"),
    )
    appointments = visits.body["items"] if visits.body else []
    return Chart(
        plan=plan,
        patient=referral.body["patient"] if referral.body else None,
        progress=goals_progress(plan["goals"], timeline.body or []),
        reports=[report for report in reports.body or [] if report["care_plan_id"] == care_plan_id],
        upcoming=[a for a in appointments if datetime.fromisoformat(a["starts_at"]) >= now],
        past=[a for a in appointments if datetime.fromisoformat(a["starts_at"]) < now][::-1],
        notes=notes.body["items"] if notes.body else [],
        problems=[part.problem for part in (visits, notes, timeline) if part.problem],
    )
