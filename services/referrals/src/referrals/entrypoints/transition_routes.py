"""Lifecycle routes. Acceptance creates the shared care plan; the other transitions carry at
most a reason code. An illegal transition is 409 with the current status."""

from datetime import UTC, datetime

from carecoord.access import Rule
from carecoord.auth import Principal
from carecoord.http import CurrentPrincipal, Runtime
from carecoord.openapi import problem_responses
from carecoord.runtime import ServiceRuntime
from fastapi import APIRouter

from referrals.domain.commands import AcceptReferral, ChangeReferralStatus
from referrals.domain.lifecycle import ReferralStatus
from referrals.entrypoints.care_plan_schemas import AcceptReferralIn
from referrals.entrypoints.guard import CLOSERS, INTAKE, PLAN_EDITORS, authorize
from referrals.entrypoints.http import load_referral, referral_public
from referrals.entrypoints.schemas import ReferralPublic, StatusChangeIn
from referrals.service_layer.transitions import accept_referral, change_status

router = APIRouter(tags=["referral lifecycle"])
CONFLICT = problem_responses(409)


@router.post("/referrals/{referral_id}/accept", name="accept_referral", responses=CONFLICT)
async def accept(
    referral_id: str, body: AcceptReferralIn, principal: CurrentPrincipal, runtime: Runtime
) -> ReferralPublic:
    """Accept the referral and create its care plan (goals, plan items, care team)."""
    referral = await load_referral(runtime, principal.clinic_id, referral_id, "accept")
    await authorize(
        runtime,
        principal,
        referral.patient_id,
        action="accept",
        resource=f"referrals/{referral_id}",
        rule=INTAKE,
    )
    command = AcceptReferral(
        clinic_id=principal.clinic_id,
        referral_id=referral_id,
        actor=principal.subject,
        start_on=body.start_on or datetime.now(UTC).date(),
        goals=tuple(goal.to_draft() for goal in body.goals),
        plan_items=tuple(item.to_draft() for item in body.plan_items),
        care_team=tuple(member.to_member() for member in body.care_team),
    )
    async with runtime.transactions.begin() as uow:
        accepted, _ = await accept_referral(uow, command)
    return referral_public(accepted)


@router.post("/referrals/{referral_id}/decline", name="decline_referral", responses=CONFLICT)
async def decline(
    referral_id: str, body: StatusChangeIn, principal: CurrentPrincipal, runtime: Runtime
) -> ReferralPublic:
    return await _change(runtime, principal, referral_id, ReferralStatus.DECLINED, body.reason_code, INTAKE)


@router.post("/referrals/{referral_id}/activate", name="activate_referral", responses=CONFLICT)
async def activate(referral_id: str, principal: CurrentPrincipal, runtime: Runtime) -> ReferralPublic:
    return await _change(runtime, principal, referral_id, ReferralStatus.ACTIVE, None, PLAN_EDITORS)


@router.post("/referrals/{referral_id}/complete", name="complete_referral", responses=CONFLICT)
async def complete(referral_id: str, principal: CurrentPrincipal, runtime: Runtime) -> ReferralPublic:
    return await _change(runtime, principal, referral_id, ReferralStatus.COMPLETED, None, PLAN_EDITORS)


@router.post("/referrals/{referral_id}/cancel", name="cancel_referral", responses=CONFLICT)
async def cancel(
    referral_id: str, body: StatusChangeIn, principal: CurrentPrincipal, runtime: Runtime
) -> ReferralPublic:
    """The referring physician may withdraw a referral; the clinic may cancel one."""
    return await _change(runtime, principal, referral_id, ReferralStatus.CANCELLED, body.reason_code, CLOSERS)


async def _change(
    runtime: ServiceRuntime,
    principal: Principal,
    referral_id: str,
    to: ReferralStatus,
    reason_code: str | None,
    rule: Rule,
) -> ReferralPublic:
    referral = await load_referral(runtime, principal.clinic_id, referral_id, str(to))
    await authorize(
        runtime,
        principal,
        referral.patient_id,
        action=str(to),
        resource=f"referrals/{referral_id}",
        rule=rule,
    )
    command = ChangeReferralStatus(principal.clinic_id, referral_id, principal.subject, to, reason_code)
    async with runtime.transactions.begin() as uow:
        changed = await change_status(uow, command)
    return referral_public(changed)
