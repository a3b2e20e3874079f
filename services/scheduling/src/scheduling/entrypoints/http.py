"""HTTP routes: validate, build a command, hand it to the service layer, map the outcome."""

from carecoord.care_teams import CareTeamPublic, read_care_team
from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter, FastAPI

from scheduling.entrypoints import routes_appointments, routes_planning, routes_providers
from scheduling.entrypoints.access import authorize_patient

router = APIRouter(tags=["care team"])


@router.get("/patients/{patient_id}/care-team")
async def read_patient_care_team(
    patient_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> CareTeamPublic:
    resource = f"patients/{patient_id}/care-team"
    await authorize_patient(runtime, principal, patient_id, action="read", resource=resource)
    return await read_care_team(runtime.engine, patient_id)


def add_routes(app: FastAPI) -> None:
    for module_router in (
        router,
        routes_providers.router,
        routes_appointments.router,
        routes_planning.router,
    ):
        app.include_router(module_router)
