"""Who may see a patient's clinical data here: the physicians who referred them and the members
of the care teams on their care plans."""

import sqlalchemy as sa
from carecoord.access import CareTeam
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import care_plans, patients, referrals


async def load_care_team(connection: AsyncConnection, patient_id: str) -> CareTeam | None:
    clinic_id = await connection.scalar(sa.select(patients.c.clinic_id).where(patients.c.id == patient_id))
    if clinic_id is None:
        return None
    physicians = await connection.scalars(
        sa.select(referrals.c.referring_physician_id).where(referrals.c.patient_id == patient_id).distinct()
    )
    members = await connection.scalars(
        sa.select(sa.func.unnest(care_plans.c.member_ids)).where(care_plans.c.patient_id == patient_id)
    )
    return CareTeam(
        clinic_id=clinic_id,
        patient_id=patient_id,
        referring_physician_ids=frozenset(physicians),
        member_ids=frozenset(members),
    )
