"""Editing the shared care plan: the version check, the change history and the events commit
together, or not at all."""

from datetime import UTC, datetime

from carecoord.outbox import UnitOfWork

from referrals.adapters.care_plan_repository import CarePlanRepository, api_document
from referrals.domain.care_plan import CarePlan, edited
from referrals.domain.changes import changes
from referrals.domain.commands import EditCarePlan
from referrals.service_layer.snapshots import publish_updated


class CarePlanNotFound(Exception):
    pass


async def edit_care_plan(uow: UnitOfWork, command: EditCarePlan) -> CarePlan:
    plans = CarePlanRepository(uow.connection)
    plan = await plans.get(command.clinic_id, command.care_plan_id, for_update=True)
    if plan is None:
        raise CarePlanNotFound(command.care_plan_id)
    return await save_new_version(
        uow, plan, edited(plan, command.edit, command.expected_version), command.actor
    )


async def save_new_version(uow: UnitOfWork, previous: CarePlan, plan: CarePlan, actor: str) -> CarePlan:
    """Store ``plan`` (one version past ``previous``), what changed, and announce it."""
    plans = CarePlanRepository(uow.connection)
    await plans.save(plan)
    found = changes(api_document(previous), api_document(plan))
    await plans.record_change(plan, actor, datetime.now(UTC), found)
    await publish_updated(uow, previous, plan)
    return plan
