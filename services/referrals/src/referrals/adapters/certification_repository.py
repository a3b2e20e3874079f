"""Certifications of plans of care, newest last."""

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import plan_certifications
from referrals.domain.certification import Certification


class CertificationRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, care_plan_id: str, certification: Certification) -> None:
        await self._connection.execute(
            plan_certifications.insert().values(
                care_plan_id=care_plan_id,
                plan_version=certification.plan_version,
                certified_by=certification.certified_by,
                certified_at=certification.certified_at,
                terms=certification.terms,
            )
        )

    async def latest(self, care_plan_id: str) -> Certification | None:
        row = (
            await self._connection.execute(
                sa.select(plan_certifications)
                .where(plan_certifications.c.care_plan_id == care_plan_id)
                .order_by(plan_certifications.c.id.desc())
                .limit(1)
            )
        ).first()
        if row is None:
            return None
        return Certification(row.plan_version, row.certified_by, row.certified_at, row.terms)
