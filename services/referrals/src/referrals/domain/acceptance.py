"""The care plan a referral gets when the clinic accepts it."""

from dataclasses import dataclass
from datetime import date

from carecoord.events.vocabulary import Discipline, Precaution, Technique

from referrals.domain.care_plan import (
    Authorization,
    CarePlan,
    GoalDraft,
    InvalidPlan,
    PlanContent,
    PlanItem,
    TeamMember,
    check_plan,
    merge_goals,
)
from referrals.domain.model import Referral, RequestedDiscipline, window_end


@dataclass(frozen=True)
class PlanItemDraft:
    discipline: Discipline
    techniques: tuple[Technique, ...] = ()
    precautions: tuple[Precaution, ...] = ()
    spot_work_allowed: bool = False


def new_plan(
    referral: Referral,
    start_on: date,
    goals: tuple[GoalDraft, ...],
    item_drafts: tuple[PlanItemDraft, ...],
    team: tuple[TeamMember, ...],
) -> CarePlan:
    """One plan item per requested discipline, its window starting on ``start_on``; the
    referral's precautions apply to every discipline."""
    requested = {item.discipline for item in referral.requested}
    drafts = {draft.discipline: draft for draft in item_drafts}
    for index, draft in enumerate(item_drafts):
        if draft.discipline not in requested:
            raise InvalidPlan(f"plan_items.{index}.discipline", "was not requested by the referral")
    items = tuple(
        _item(asked, start_on, drafts.get(asked.discipline), referral) for asked in referral.requested
    )
    insurance = referral.insurance
    authorization = (
        Authorization(
            insurance.valid_from,
            insurance.valid_to,
            dict(insurance.visits_authorized),
            insurance.payer_counts_missed,
            insurance.billing_rule,
        )
        if insurance
        else None
    )
    content = PlanContent(
        conditions=tuple(referral.conditions),
        goals=merge_goals((), goals),
        items=items,
        team=team,
        authorization=authorization,
    )
    check_plan(content)
    return CarePlan(
        clinic_id=referral.clinic_id,
        patient_id=referral.patient_id,
        referral_id=referral.id,
        referring_physician_id=referral.referring_physician_id,
        content=content,
    )


def _item(
    asked: RequestedDiscipline, start_on: date, draft: PlanItemDraft | None, referral: Referral
) -> PlanItem:
    draft = draft or PlanItemDraft(asked.discipline)
    precautions = tuple(dict.fromkeys([*referral.precautions, *draft.precautions]))
    return PlanItem(
        discipline=asked.discipline,
        visits_per_week=asked.visits_per_week,
        weeks=asked.weeks,
        window_start=start_on,
        window_end=window_end(start_on, asked.weeks),
        techniques=draft.techniques,
        precautions=precautions,
        spot_work_allowed=draft.spot_work_allowed,
    )
