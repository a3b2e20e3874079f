"""Goal progress from the notes service, kept on the plan as a new version."""

from carecoord.events import ProgressRecorded
from carecoord.outbox import UnitOfWork

from referrals.adapters.care_plan_repository import CarePlanRepository
from referrals.domain.goals import Reading, plan_with_progress
from referrals.service_layer.care_plans import save_new_version


async def record_progress(uow: UnitOfWork, event: ProgressRecorded) -> None:
    plan = await CarePlanRepository(uow.connection).get(event.clinic_id, event.care_plan_id, for_update=True)
    if plan is None:
        return
    readings = {goal.goal_id: Reading(goal.value, goal.status) for goal in event.goals}
    updated = plan_with_progress(plan, readings, event.visit_on)
    if updated is not plan:
        await save_new_version(uow, plan, updated, actor=f"notes/{event.note_id}")
