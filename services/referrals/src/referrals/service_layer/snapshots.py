"""The care plan as the events carry it: the whole plan with its version, so a consumer can
rebuild its projection from the latest event alone."""

from carecoord.events import (
    AuthorizationSnapshot,
    CarePlanCreated,
    CarePlanUpdated,
    CareTeamChanged,
    CareTeamMember,
    DisciplinePlan,
    GoalSnapshot,
)
from carecoord.outbox import UnitOfWork

from referrals.domain.care_plan import CarePlan


def _snapshot_fields(plan: CarePlan) -> dict[str, object]:
    content = plan.content
    authorization = content.authorization
    return {
        "clinic_id": plan.clinic_id,
        "patient_id": plan.patient_id,
        "care_plan_id": plan.id,
        "referral_id": plan.referral_id,
        "referring_physician_id": plan.referring_physician_id,
        "version": plan.version,
        "conditions": list(content.conditions),
        "goals": [
            GoalSnapshot(
                goal_id=goal.goal_id,
                metric=goal.metric,
                body_region=goal.body_region,
                baseline=goal.baseline,
                target=goal.target,
                comparator=goal.comparator,
                due_on=goal.due_on,
            )
            for goal in content.goals
        ],
        "disciplines": [
            DisciplinePlan(
                discipline=item.discipline,
                visits_per_week=item.visits_per_week,
                weeks=item.weeks,
                window_start=item.window_start,
                window_end=item.window_end,
                techniques=[str(technique) for technique in item.techniques],
                precautions=[str(precaution) for precaution in item.precautions],
                spot_work_allowed=item.spot_work_allowed,
                provider_id=plan.provider_for(item.discipline),
            )
            for item in content.items
        ],
        "care_team": _members(plan),
        "authorization": AuthorizationSnapshot(
            valid_from=authorization.valid_from,
            valid_to=authorization.valid_to,
            visits_authorized=authorization.visits_authorized,
            payer_counts_missed=authorization.payer_counts_missed,
            billing_rule=authorization.billing_rule,
        )
        if authorization
        else None,
    }


def _members(plan: CarePlan) -> list[CareTeamMember]:
    return [
        CareTeamMember(provider_id=m.provider_id, discipline=m.discipline, coordinator=m.coordinator)
        for m in plan.content.team
    ]


async def publish_created(uow: UnitOfWork, plan: CarePlan) -> None:
    await uow.publish(CarePlanCreated.model_validate(_snapshot_fields(plan)), subject=f"care-plans/{plan.id}")


async def publish_updated(uow: UnitOfWork, previous: CarePlan, plan: CarePlan) -> None:
    """Every new version is announced whole; a changed team is also announced on its own."""
    subject = f"care-plans/{plan.id}"
    await uow.publish(CarePlanUpdated.model_validate(_snapshot_fields(plan)), subject=subject)
    before, after = previous.member_ids, plan.member_ids
    if previous.content.team != plan.content.team:
        await uow.publish(
            CareTeamChanged(
                clinic_id=plan.clinic_id,
                patient_id=plan.patient_id,
                care_plan_id=plan.id,
                version=plan.version,
                referring_physician_id=plan.referring_physician_id,
                members=_members(plan),
                added=sorted(after - before),
                removed=sorted(before - after),
            ),
            subject=subject,
        )
