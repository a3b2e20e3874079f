"""Care plan routes. Every read returns the version as an ETag; every change needs If-Match
with it (428 without, 412 when another edit got there first)."""

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated

from carecoord.access import AccessDenied, Decision
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.openapi import problem_responses
from carecoord.pagination import Cursor, decode_cursor, page
from fastapi import APIRouter, Header, Response

from referrals.adapters.authorization_repository import AuthorizationRepository
from referrals.adapters.care_plan_repository import CarePlanRepository
from referrals.adapters.certification_repository import CertificationRepository
from referrals.adapters.goal_progress_repository import GoalProgressRepository
from referrals.domain.authorization import BudgetLine
from referrals.domain.care_plan import CarePlan, Goal
from referrals.domain.certification import CertificationStatus, certification_status
from referrals.domain.commands import CertifyCarePlan, EditCarePlan
from referrals.domain.goals import GoalProgress, goal_status
from referrals.entrypoints.care_plan_schemas import (
    AuthorizationPublic,
    BudgetPublic,
    CarePlanPatch,
    CarePlanPublic,
    CertificationPublic,
    GoalPublic,
    HistoryEntryPublic,
    HistoryPage,
    PlanItemPublic,
    TeamMemberPublic,
)
from referrals.entrypoints.errors import etag, version_from_if_match
from referrals.entrypoints.guard import CERTIFIERS, PLAN_EDITORS, authorize
from referrals.service_layer.budget import budget_of
from referrals.service_layer.care_plans import edit_care_plan
from referrals.service_layer.certification import certify_care_plan

router = APIRouter(tags=["care plans"])


@router.get("/care-plans/{care_plan_id}")
async def read_care_plan(
    care_plan_id: str, principal: CurrentPrincipal, runtime: Runtime, response: Response
) -> CarePlanPublic:
    plan = await _load(runtime, principal.clinic_id, care_plan_id, "read")
    await authorize(runtime, principal, plan.patient_id, action="read", resource=f"care-plans/{care_plan_id}")
    response.headers["ETag"] = etag(plan.version)
    return await _public(runtime, plan)


@router.patch("/care-plans/{care_plan_id}", responses=problem_responses(428))
async def update_care_plan(
    care_plan_id: str,
    body: CarePlanPatch,
    principal: CurrentPrincipal,
    runtime: Runtime,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> CarePlanPublic:
    """Replace any of goals, disciplines, care team and authorization. A changed care team is
    also announced as ``careteam.changed``."""
    plan = await _load(runtime, principal.clinic_id, care_plan_id, "update")
    await authorize(
        runtime,
        principal,
        plan.patient_id,
        action="update",
        resource=f"care-plans/{care_plan_id}",
        rule=PLAN_EDITORS,
    )
    command = EditCarePlan(
        principal.clinic_id, care_plan_id, principal.subject, version_from_if_match(if_match), body.to_edit()
    )
    async with runtime.transactions.begin() as uow:
        updated = await edit_care_plan(uow, command)
    response.headers["ETag"] = etag(updated.version)
    return await _public(runtime, updated)


@router.post("/care-plans/{care_plan_id}/certification", responses=problem_responses(428))
async def certify_plan_of_care(
    care_plan_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> CarePlanPublic:
    """The referring physician certifies the plan of care at the version they read (If-Match);
    it is due again after 90 days or when the goals or the frequency change. The care team is
    told (``careplan.certified``)."""
    plan = await _load(runtime, principal.clinic_id, care_plan_id, "certify")
    resource = f"care-plans/{care_plan_id}/certification"
    await authorize(runtime, principal, plan.patient_id, action="certify", resource=resource, rule=CERTIFIERS)
    command = CertifyCarePlan(
        principal.clinic_id, care_plan_id, principal.subject, version_from_if_match(if_match)
    )
    async with runtime.transactions.begin() as uow:
        certified = await certify_care_plan(uow, command)
    response.headers["ETag"] = etag(certified.version)
    return await _public(runtime, certified)


@router.get("/care-plans/{care_plan_id}/history")
async def read_care_plan_history(
    care_plan_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> HistoryPage:
    """Who changed what and when, one entry per version, oldest first."""
    plan = await _load(runtime, principal.clinic_id, care_plan_id, "read")
    resource = f"care-plans/{care_plan_id}/history"
    await authorize(runtime, principal, plan.patient_id, action="read", resource=resource)
    async with runtime.engine.connect() as connection:
        limit = min(limit, runtime.settings.max_page_size)
        after = decode_cursor(cursor, int)
        rows = await CarePlanRepository(connection).history(care_plan_id, after, limit)
    entries, next_cursor = page(rows, limit, lambda entry: (entry.version,))
    return HistoryPage(
        items=[HistoryEntryPublic.model_validate(asdict(entry)) for entry in entries], next_cursor=next_cursor
    )


async def _load(runtime: Runtime, clinic_id: str, care_plan_id: str, action: str) -> CarePlan:
    async with runtime.engine.connect() as connection:
        plan = await CarePlanRepository(connection).get(clinic_id, care_plan_id)
    if plan is None:
        raise AccessDenied(Decision.NOT_FOUND, f"care-plans/{care_plan_id}", action=action)
    return plan


async def _public(runtime: Runtime, plan: CarePlan) -> CarePlanPublic:
    async with runtime.engine.connect() as connection:
        budget = await budget_of(AuthorizationRepository(connection), plan)
        progress = await GoalProgressRepository(connection).for_plan(plan.id)
        certification = await CertificationRepository(connection).latest(plan.id)
    today = datetime.now(UTC).date()
    content = plan.content
    authorization = content.authorization
    return CarePlanPublic(
        id=plan.id,
        referral_id=plan.referral_id,
        patient_id=plan.patient_id,
        referring_physician_id=plan.referring_physician_id,
        version=plan.version,
        conditions=list(content.conditions),
        goals=[_goal(goal, progress.get(goal.goal_id), today) for goal in content.goals],
        disciplines=[
            PlanItemPublic.model_validate({**asdict(item), "provider_id": plan.provider_for(item.discipline)})
            for item in content.items
        ],
        care_team=[TeamMemberPublic.model_validate(asdict(member)) for member in content.team],
        authorization=AuthorizationPublic(
            valid_from=authorization.valid_from,
            valid_to=authorization.valid_to,
            visits_authorized=authorization.visits_authorized,
            payer_counts_missed=authorization.payer_counts_missed,
            billing_rule=authorization.billing_rule,
            budget={discipline: _line(line) for discipline, line in budget.items()},
        )
        if authorization
        else None,
        certification=_certification(certification_status(plan, certification, today)),
    )


def _certification(status: CertificationStatus) -> CertificationPublic:
    latest = status.latest
    return CertificationPublic(
        state=status.state,
        certified_version=latest.plan_version if latest else None,
        certified_by=latest.certified_by if latest else None,
        certified_at=latest.certified_at if latest else None,
        recertify_by=status.recertify_by,
        reason=status.reason,
    )


def _goal(goal: Goal, progress: GoalProgress | None, today: date) -> GoalPublic:
    return GoalPublic(
        **asdict(goal),
        status=goal_status(goal, progress, today),
        latest_value=progress.value if progress else None,
        latest_on=progress.measured_on if progress else None,
    )


def _line(line: BudgetLine) -> BudgetPublic:
    return BudgetPublic(
        authorized=line.authorized, used=line.used, scheduled=line.scheduled, remaining=line.remaining
    )
