"""Goal progress from the notes service, kept beside the plan: the plan's version, ETag and
history stay the clinicians' own."""

from carecoord.events import ProgressRecorded
from carecoord.outbox import UnitOfWork

from referrals.adapters.care_plan_repository import CarePlanRepository
from referrals.adapters.goal_progress_repository import GoalProgressRepository
from referrals.domain.goals import GoalProgress, is_newer


async def record_progress(uow: UnitOfWork, event: ProgressRecorded) -> None:
    plan = await CarePlanRepository(uow.connection).get(event.clinic_id, event.care_plan_id)
    if plan is None:
        return
    progress = GoalProgressRepository(uow.connection)
    current = await progress.for_plan(plan.id, for_update=True)
    plan_goals = {goal.goal_id for goal in plan.content.goals}
    for goal in event.goals:
        reading = GoalProgress(goal.goal_id, goal.value, goal.status, event.visit_on)
        if goal.goal_id in plan_goals and is_newer(reading, current.get(goal.goal_id)):
            await progress.save(plan.id, reading)
