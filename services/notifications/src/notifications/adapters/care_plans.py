"""This service's projection of the care plan facts routing needs: which disciplines use deep
pressure (for post-visit check-ins). The newest plan version wins."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import care_plan_routing


async def project_plan(
    connection: AsyncConnection,
    *,
    care_plan_id: str,
    clinic_id: str,
    patient_id: str,
    version: int,
    deep_pressure_disciplines: list[str],
) -> None:
    table = care_plan_routing
    values = {"version": version, "deep_pressure_disciplines": deep_pressure_disciplines}
    await connection.execute(
        insert(table)
        .values(care_plan_id=care_plan_id, clinic_id=clinic_id, patient_id=patient_id, **values)
        .on_conflict_do_update(
            index_elements=[table.c.care_plan_id], set_=values, where=table.c.version <= version
        )
    )


async def deep_pressure_disciplines(
    connection: AsyncConnection, care_plan_id: str | None
) -> frozenset[str] | None:
    if care_plan_id is None:
        return None
    found = await connection.scalar(
        sa.select(care_plan_routing.c.deep_pressure_disciplines).where(
            care_plan_routing.c.care_plan_id == care_plan_id
        )
    )
    return None if found is None else frozenset(found)
