"""Lifecycle transitions. Each writes the new status, a transition row and exactly one referral
event naming the referring physician, so the loop back to the physician closes."""

from datetime import UTC, datetime

from carecoord.events import (
    Event,
    ReferralAccepted,
    ReferralActivated,
    ReferralClosed,
    ReferralDeclined,
)
from carecoord.outbox import UnitOfWork

from referrals.adapters.care_plan_repository import CarePlanRepository, api_document
from referrals.adapters.repository import ReferralRepository
from referrals.domain.acceptance import new_plan
from referrals.domain.care_plan import CarePlan
from referrals.domain.changes import changes
from referrals.domain.commands import AcceptReferral, ChangeReferralStatus
from referrals.domain.lifecycle import ReferralStatus, transition
from referrals.domain.model import Referral, Transition
from referrals.service_layer.snapshots import publish_created


class ReferralNotFound(Exception):
    pass


async def accept_referral(uow: UnitOfWork, command: AcceptReferral) -> tuple[Referral, CarePlan]:
    referral = await _locked(uow, command.clinic_id, command.referral_id)
    _move(referral, ReferralStatus.ACCEPTED, command.actor, None)
    plan = new_plan(referral, command.start_on, command.goals, command.plan_items, command.care_team)
    referral.care_plan_id = plan.id
    plans = CarePlanRepository(uow.connection)
    await plans.add(plan)
    await plans.record_change(plan, command.actor, referral.history[-1].at, changes({}, api_document(plan)))
    await _save(uow, referral)
    await uow.publish(
        ReferralAccepted(**_referral_fields(referral), care_plan_id=plan.id), subject=_subject(referral)
    )
    await publish_created(uow, plan)
    return referral, plan


async def change_status(uow: UnitOfWork, command: ChangeReferralStatus) -> Referral:
    if command.to is ReferralStatus.ACCEPTED:
        raise ValueError("acceptance creates the care plan: use accept_referral")
    referral = await _locked(uow, command.clinic_id, command.referral_id)
    _move(referral, command.to, command.actor, command.reason_code)
    await _save(uow, referral)
    await uow.publish(_event_for(referral, command.reason_code), subject=_subject(referral))
    return referral


async def start_treatment(uow: UnitOfWork, clinic_id: str, care_plan_id: str, visit: str) -> None:
    """The first completed visit of an accepted referral's plan makes the referral active, so the
    physician hears that treatment has started without anyone pressing a button. A referral
    already active (by hand or by an earlier visit), or closed, is left as it is."""
    plan = await CarePlanRepository(uow.connection).get(clinic_id, care_plan_id)
    if plan is None:
        return
    referral = await ReferralRepository(uow.connection).get(clinic_id, plan.referral_id, for_update=True)
    if referral is None or referral.status is not ReferralStatus.ACCEPTED:
        return
    _move(referral, ReferralStatus.ACTIVE, f"scheduling/appointments/{visit}", None)
    await _save(uow, referral)
    await uow.publish(_event_for(referral, None), subject=_subject(referral))


def _event_for(referral: Referral, reason_code: str | None) -> Event:
    fields = _referral_fields(referral)
    if referral.status is ReferralStatus.DECLINED:
        return ReferralDeclined(**fields, reason_code=reason_code or "other")
    if referral.status is ReferralStatus.ACTIVE:
        return ReferralActivated(**fields)
    return ReferralClosed(
        **fields, outcome=str(referral.status), reason_code=reason_code, care_plan_id=referral.care_plan_id
    )


async def _locked(uow: UnitOfWork, clinic_id: str, referral_id: str) -> Referral:
    """The referral with its row locked, so two transitions at once happen one after the other
    and the second is judged against the first's outcome."""
    referral = await ReferralRepository(uow.connection).get(clinic_id, referral_id, for_update=True)
    if referral is None:
        raise ReferralNotFound(referral_id)
    return referral


def _move(referral: Referral, to: ReferralStatus, actor: str, reason_code: str | None) -> None:
    step = Transition(referral.status, transition(referral.status, to), actor, datetime.now(UTC), reason_code)
    referral.status = step.to_status
    referral.history.append(step)


async def _save(uow: UnitOfWork, referral: Referral) -> None:
    repository = ReferralRepository(uow.connection)
    await repository.update(referral)
    await repository.add_transition(referral.id, referral.history[-1])


def _referral_fields(referral: Referral) -> dict[str, str]:
    return {
        "clinic_id": referral.clinic_id,
        "patient_id": referral.patient_id,
        "referral_id": referral.id,
        "referring_physician_id": referral.referring_physician_id,
    }


def _subject(referral: Referral) -> str:
    return f"referrals/{referral.id}"
