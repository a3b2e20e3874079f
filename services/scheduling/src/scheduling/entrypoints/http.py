"""HTTP routes: validate, build a command, hand it to the service layer, map the outcome."""

from carecoord.access import authorize_patient_access
from carecoord.care_teams import CareTeamPublic, load_care_team, read_care_team
from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter

router = APIRouter(tags=["scheduling"])


@router.get("/patients/{patient_id}/care-team")
async def read_patient_care_team(
    patient_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> CareTeamPublic:
    resource = f"patients/{patient_id}/care-team"
    await authorize_patient_access(
        runtime.engine, principal, patient_id, action="read", resource=resource, load_care_team=load_care_team
    )
    return await read_care_team(runtime.engine, patient_id)
