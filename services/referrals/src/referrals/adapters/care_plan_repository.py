"""Care plans as one JSON document per plan, with a row per version in the change history."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from carecoord.pagination import Key, after
from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import care_plan_changes, care_plans
from referrals.domain.care_plan import CarePlan, PlanContent
from referrals.domain.changes import Change

CONTENT = TypeAdapter(PlanContent)
_CHANGES = TypeAdapter(list[Change])


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    changed_by: str
    changed_at: datetime
    changes: list[Change]


class CarePlanRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, plan: CarePlan) -> None:
        await self._connection.execute(care_plans.insert().values(id=plan.id, **_columns(plan)))

    async def save(self, plan: CarePlan) -> None:
        await self._connection.execute(
            care_plans.update().where(care_plans.c.id == plan.id).values(**_columns(plan))
        )

    async def get(self, clinic_id: str, plan_id: str, *, for_update: bool = False) -> CarePlan | None:
        """``for_update`` holds the row until commit, so a concurrent edit waits and then finds
        the version it was based on gone."""
        query = sa.select(care_plans).where(care_plans.c.id == plan_id, care_plans.c.clinic_id == clinic_id)
        row = (await self._connection.execute(query.with_for_update() if for_update else query)).first()
        return None if row is None else _plan(row)

    async def record_change(
        self, plan: CarePlan, changed_by: str, changed_at: datetime, changes: list[Change]
    ) -> None:
        await self._connection.execute(
            care_plan_changes.insert().values(
                care_plan_id=plan.id,
                version=plan.version,
                changed_by=changed_by,
                changed_at=changed_at,
                changes=_CHANGES.dump_python(changes, mode="json"),
            )
        )

    async def history(self, plan_id: str, after_version: Key | None, limit: int) -> list[HistoryEntry]:
        """Up to ``limit + 1`` entries, oldest first: the extra one says another page follows."""
        rows = (
            await self._connection.execute(
                sa.select(care_plan_changes)
                .where(
                    care_plan_changes.c.care_plan_id == plan_id,
                    *after([care_plan_changes.c.version], after_version, descending=False),
                )
                .order_by(care_plan_changes.c.version)
                .limit(limit + 1)
            )
        ).all()
        return [
            HistoryEntry(row.version, row.changed_by, row.changed_at, _CHANGES.validate_python(row.changes))
            for row in rows
        ]


_API_NAMES = {"items": "disciplines", "team": "care_team"}


def plan_document(plan: CarePlan) -> dict[str, Any]:
    document: dict[str, Any] = CONTENT.dump_python(plan.content, mode="json")
    return document


def api_document(plan: CarePlan) -> dict[str, Any]:
    """The plan under the API's field names, as its change history shows it."""
    return {_API_NAMES.get(key, key): value for key, value in plan_document(plan).items()}


def _columns(plan: CarePlan) -> dict[str, Any]:
    authorization = plan.content.authorization
    return {
        "clinic_id": plan.clinic_id,
        "patient_id": plan.patient_id,
        "referral_id": plan.referral_id,
        "referring_physician_id": plan.referring_physician_id,
        "version": plan.version,
        "content": plan_document(plan),
        "member_ids": sorted(plan.member_ids),
        "authorization_valid_to": authorization.valid_to if authorization else None,
    }


def _plan(row: Any) -> CarePlan:
    return CarePlan(
        id=row.id,
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        referral_id=row.referral_id,
        referring_physician_id=row.referring_physician_id,
        version=row.version,
        content=CONTENT.validate_python(row.content),
    )
