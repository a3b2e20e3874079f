"""A progress report as the referring physician reads it: visits per discipline, each goal's trend
and the therapists' recommendations (the notes service decides who may read it)."""

from typing import Any

from console.adapters.services import UserServices
from console.domain.progress import GoalProgress, report_progress


async def load_report(services: UserServices, report_id: str) -> tuple[dict[str, Any], list[GoalProgress]]:
    report = (await services.get("notes", f"/progress-reports/{report_id}")).body
    return report, report_progress(report["body"]["goals"])
