"""HTTP routes: validate, build a command, hand it to the service layer, map the outcome."""

from carecoord.care_teams import CareTeamPublic, read_care_team
from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter

from notes.entrypoints.access import authorize_read
from notes.entrypoints.notes_routes import router as notes_router
from notes.entrypoints.progress_routes import router as progress_router

router = APIRouter()
router.include_router(notes_router)
router.include_router(progress_router)


@router.get("/patients/{patient_id}/care-team", tags=["care team"])
async def read_patient_care_team(
    patient_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> CareTeamPublic:
    await authorize_read(runtime, principal, patient_id, f"patients/{patient_id}/care-team")
    return await read_care_team(runtime.engine, patient_id)
