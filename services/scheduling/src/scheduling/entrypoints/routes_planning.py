"""Availability search, the care plan projection, and visit series (proposal, then booking)."""

from datetime import UTC, datetime
from typing import Annotated

from carecoord.access import Rule
from carecoord.auth import Principal, Role
from carecoord.events.vocabulary import Discipline
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.openapi import problem_responses
from carecoord.problems import field_error, invalid
from carecoord.runtime import ServiceRuntime
from fastapi import APIRouter, Query, status

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.adapters.care_plans import load_care_plan
from scheduling.domain.care_plan import CarePlan
from scheduling.domain.commands import BookSeries, PlannedVisit, ProposeSeries
from scheduling.entrypoints.access import BOOK, BOOKERS, READ, authorize_patient, not_found, require_role
from scheduling.entrypoints.presenters import appointment_public
from scheduling.entrypoints.schemas import (
    CarePlanPublic,
    Day,
    PlannedVisitIn,
    SeriesCreate,
    SeriesProposalPublic,
    SeriesProposalRequest,
    SeriesPublic,
    SlotPublic,
    UnplacedPublic,
)
from scheduling.service_layer.availability import SlotQuery, find_slots
from scheduling.service_layer.series import book_series, propose

router = APIRouter(tags=["planning"])
MAX_SEARCH_DAYS = 92


def _now() -> datetime:
    return datetime.now(UTC)


async def _plan_for(
    runtime: ServiceRuntime,
    principal: Principal,
    care_plan_id: str,
    action: str,
    rule: Rule,
) -> CarePlan:
    resource = f"care-plans/{care_plan_id}"
    async with runtime.engine.connect() as connection:
        plan = await load_care_plan(connection, principal.clinic_id, care_plan_id)
    if plan is None:
        raise not_found(resource, action)
    await authorize_patient(runtime, principal, plan.patient_id, action=action, resource=resource, rule=rule)
    return plan


@router.get("/availability")
async def search_availability(
    principal: CurrentPrincipal,
    runtime: Runtime,
    start: Annotated[Day, Query(alias="from")],
    end: Annotated[Day, Query(alias="to")],
    duration_minutes: Annotated[int, Query(ge=5, le=240)] = 60,
    discipline: Discipline | None = None,
    provider_id: str | None = None,
    room_id: str | None = None,
    care_plan_id: Annotated[
        str | None, Query(description="Ranks providers experienced in the patient's conditions first")
    ] = None,
    limit: PageLimit = 100,
) -> list[SlotPublic]:
    if end < start or (end - start).days > MAX_SEARCH_DAYS:
        raise invalid(field_error(["query", "to"], f"must be 0 to {MAX_SEARCH_DAYS} days after from"))
    if care_plan_id is None:
        await require_role(runtime, principal, BOOKERS, action="read", resource="availability")
        plan = None
    else:
        plan = await _plan_for(runtime, principal, care_plan_id, "read", BOOK)
    query = SlotQuery(
        principal.clinic_id, start, end, duration_minutes, discipline, provider_id, room_id, plan
    )
    async with runtime.engine.connect() as connection:
        slots = await find_slots(connection, query, _now(), limit)
    return [
        SlotPublic(
            provider_id=s.provider.id,
            starts_at=s.interval.start,
            ends_at=s.interval.end,
            experienced_with_condition=s.experienced,
            on_care_team=s.on_care_team,
        )
        for s in slots
    ]


@router.get("/care-plans/{care_plan_id}")
async def read_care_plan(care_plan_id: str, principal: CurrentPrincipal, runtime: Runtime) -> CarePlanPublic:
    plan = await _plan_for(runtime, principal, care_plan_id, "read", READ)
    async with runtime.engine.connect() as connection:
        repository = AppointmentRepository(connection)
        counted = {str(d): await repository.visits_counted(plan, d) for d in plan.disciplines}
    authorization = plan.authorization
    return CarePlanPublic(
        id=plan.id,
        patient_id=plan.patient_id,
        version=plan.version,
        conditions=None if principal.role is Role.SCHEDULER else sorted(plan.conditions),
        care_team=sorted(plan.care_team),
        disciplines=[
            {
                "discipline": p.discipline,
                "visits_per_week": p.visits_per_week,
                "weeks": p.weeks,
                "window_start": p.window_start,
                "window_end": p.window_end,
                "spot_work_allowed": p.spot_work_allowed,
                "provider_id": p.provider_id,
            }
            for p in plan.disciplines.values()
        ],
        authorization=None
        if authorization is None
        else {
            "valid_from": authorization.valid_from,
            "valid_to": authorization.valid_to,
            "visits_authorized": {str(k): v for k, v in authorization.visits_authorized.items()},
        },
        visits_counted=counted,
    )


@router.post("/care-plans/{care_plan_id}/series/proposal")
async def propose_visit_series(
    care_plan_id: str, body: SeriesProposalRequest, principal: CurrentPrincipal, runtime: Runtime
) -> SeriesProposalPublic:
    """A proposal only: nothing is held until the accepted visits are booked."""
    await _plan_for(runtime, principal, care_plan_id, "plan_series", BOOK)
    command = ProposeSeries(
        principal.clinic_id,
        care_plan_id,
        body.discipline,
        body.provider_id,
        body.duration_minutes,
        body.preferred_time,
    )
    async with runtime.engine.connect() as connection:
        proposal = await propose(connection, command, _now())
    return SeriesProposalPublic(
        discipline=body.discipline,
        provider_id=body.provider_id,
        visits=[
            PlannedVisitIn(starts_at=v.start, duration_minutes=body.duration_minutes) for v in proposal.visits
        ],
        unplaced=[UnplacedPublic(week=u.week, reason=u.reason) for u in proposal.unplaced],
    )


@router.post(
    "/care-plans/{care_plan_id}/series", status_code=status.HTTP_201_CREATED, responses=problem_responses(409)
)
async def book_visit_series(
    care_plan_id: str, body: SeriesCreate, principal: CurrentPrincipal, runtime: Runtime
) -> SeriesPublic:
    """All visits or none: one refused visit (named by ``visit_index``) books nothing."""
    await _plan_for(runtime, principal, care_plan_id, "book_series", BOOK)
    command = BookSeries(
        clinic_id=principal.clinic_id,
        care_plan_id=care_plan_id,
        discipline=body.discipline,
        provider_id=body.provider_id,
        visits=[PlannedVisit(v.starts_at, v.duration_minutes) for v in body.visits],
        room_id=body.room_id,
    )
    async with runtime.transactions.begin() as uow:
        series_id, visits = await book_series(uow, command, _now())
    return SeriesPublic(series_id=series_id, appointments=[appointment_public(v) for v in visits])
