"""Each goal's latest measured value and status, one row per goal, beside the care plan."""

import sqlalchemy as sa
from carecoord.events.vocabulary import GoalStatus
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import goal_progress
from referrals.domain.goals import GoalProgress


class GoalProgressRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def for_plan(self, care_plan_id: str, *, for_update: bool = False) -> dict[str, GoalProgress]:
        query = sa.select(goal_progress).where(goal_progress.c.care_plan_id == care_plan_id)
        rows = await self._connection.execute(query.with_for_update() if for_update else query)
        return {
            row.goal_id: GoalProgress(
                row.goal_id, row.value, GoalStatus(row.measured_status), row.measured_on
            )
            for row in rows
        }

    async def save(self, care_plan_id: str, progress: GoalProgress) -> None:
        values = {
            "value": progress.value,
            "measured_status": progress.measured_status.value,
            "measured_on": progress.measured_on,
        }
        await self._connection.execute(
            insert(goal_progress)
            .values(care_plan_id=care_plan_id, goal_id=progress.goal_id, **values)
            .on_conflict_do_update(index_elements=["care_plan_id", "goal_id"], set_=values)
        )
