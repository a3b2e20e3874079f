"""This service's projection of care plans, rebuilt from each newer snapshot referrals publish."""

from datetime import date
from typing import Any

import sqlalchemy as sa
from carecoord.events import CarePlanSnapshot
from carecoord.events.vocabulary import Discipline
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling.adapters.tables import care_plans
from scheduling.domain.care_plan import Authorization, CarePlan, PlannedDiscipline


async def save_snapshot(connection: AsyncConnection, event: CarePlanSnapshot) -> None:
    """Upsert guarded by version: a redelivered or late, older snapshot changes nothing."""
    values = {
        "id": event.care_plan_id,
        "clinic_id": event.clinic_id,
        "patient_id": event.patient_id,
        "version": event.version,
        "conditions": sorted({c.lower() for c in event.conditions}),
        "disciplines": [plan.model_dump(mode="json") for plan in event.disciplines],
        "care_team": sorted({member.provider_id for member in event.care_team}),
        "authorization": event.authorization.model_dump(mode="json") if event.authorization else None,
    }
    statement = insert(care_plans).values(**values)
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[care_plans.c.id],
            set_={key: statement.excluded[key] for key in values if key != "id"},
            where=care_plans.c.version < statement.excluded.version,
        )
    )


async def load_care_plan(connection: AsyncConnection, clinic_id: str, care_plan_id: str) -> CarePlan | None:
    row = (
        await connection.execute(
            sa.select(care_plans).where(care_plans.c.id == care_plan_id, care_plans.c.clinic_id == clinic_id)
        )
    ).first()
    return None if row is None else _care_plan(row)


def _care_plan(row: sa.Row[tuple[Any, ...]]) -> CarePlan:
    disciplines = {
        Discipline(item["discipline"]): PlannedDiscipline(
            discipline=Discipline(item["discipline"]),
            visits_per_week=item["visits_per_week"],
            weeks=item["weeks"],
            window_start=date.fromisoformat(item["window_start"]),
            window_end=date.fromisoformat(item["window_end"]),
            spot_work_allowed=item["spot_work_allowed"],
            provider_id=item["provider_id"],
            precautions=tuple(item.get("precautions", [])),
        )
        for item in row.disciplines
    }
    authorization = row.authorization
    return CarePlan(
        id=row.id,
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        version=row.version,
        conditions=frozenset(row.conditions),
        disciplines=disciplines,
        care_team=frozenset(row.care_team),
        authorization=None
        if authorization is None
        else Authorization(
            valid_from=date.fromisoformat(authorization["valid_from"]),
            valid_to=date.fromisoformat(authorization["valid_to"]),
            visits_authorized={Discipline(k): v for k, v in authorization["visits_authorized"].items()},
            payer_counts_missed=authorization.get("payer_counts_missed", False),
        ),
    )
