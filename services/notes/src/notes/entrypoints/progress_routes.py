"""The shared, cross-discipline view: progress timeline, progress reports and care team alerts."""

from typing import Any

from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter

from notes.adapters.progress_repository import ProgressRepository
from notes.entrypoints.access import authorize_read, not_found
from notes.entrypoints.schemas import CareTeamAlertPublic, ProgressEntryPublic, ProgressReportPublic

router = APIRouter(tags=["progress"])


@router.get("/patients/{patient_id}/progress")
async def read_progress_timeline(
    patient_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> list[ProgressEntryPublic]:
    await authorize_read(runtime, principal, patient_id, f"patients/{patient_id}/progress")
    async with runtime.engine.connect() as connection:
        rows = await ProgressRepository(connection).timeline(principal.clinic_id, patient_id)
    return [ProgressEntryPublic(**row._mapping, visit_on=row.visit_starts_at.date()) for row in rows]


@router.get("/patients/{patient_id}/progress-reports")
async def list_progress_reports(
    patient_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> list[ProgressReportPublic]:
    await authorize_read(runtime, principal, patient_id, f"patients/{patient_id}/progress-reports")
    async with runtime.engine.connect() as connection:
        rows = await ProgressRepository(connection).reports(principal.clinic_id, patient_id)
    return [_report(row._mapping) for row in rows]


@router.get("/progress-reports/{report_id}")
async def read_progress_report(
    report_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> ProgressReportPublic:
    resource = f"progress-reports/{report_id}"
    async with runtime.engine.connect() as connection:
        row = await ProgressRepository(connection).report(principal.clinic_id, report_id)
    if row is None:
        raise not_found(resource)
    await authorize_read(runtime, principal, row.patient_id, resource)
    return _report(row._mapping)


@router.get("/patients/{patient_id}/alerts")
async def list_care_team_alerts(
    patient_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> list[CareTeamAlertPublic]:
    await authorize_read(runtime, principal, patient_id, f"patients/{patient_id}/alerts")
    async with runtime.engine.connect() as connection:
        rows = await ProgressRepository(connection).alerts(principal.clinic_id, patient_id)
    return [CareTeamAlertPublic(**row._mapping) for row in rows]


def _report(row: Any) -> ProgressReportPublic:
    return ProgressReportPublic(**row)
