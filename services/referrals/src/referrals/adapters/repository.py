"""Referrals and patients in PostgreSQL."""

import uuid
from dataclasses import asdict

import sqlalchemy as sa
from carecoord.events.vocabulary import Discipline
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import patients, referrals
from referrals.domain.commands import PatientDetails
from referrals.domain.model import Referral, ReferralStatus, RequestedDiscipline


class ReferralRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def patient_id_for(self, clinic_id: str, patient: PatientDetails) -> str:
        """The clinic's patient with this MRN, created on first referral."""
        inserted = await self._connection.scalar(
            insert(patients)
            .values(id=str(uuid.uuid4()), clinic_id=clinic_id, **asdict(patient))
            .on_conflict_do_nothing(constraint="patients_clinic_mrn")
            .returning(patients.c.id)
        )
        if inserted is not None:
            return str(inserted)
        existing = await self._connection.scalar(
            sa.select(patients.c.id).where(patients.c.clinic_id == clinic_id, patients.c.mrn == patient.mrn)
        )
        return str(existing)

    async def add(self, referral: Referral) -> None:
        await self._connection.execute(
            referrals.insert().values(
                id=referral.id,
                clinic_id=referral.clinic_id,
                patient_id=referral.patient_id,
                referring_physician_id=referral.referring_physician_id,
                referring_physician_npi=referral.referring_physician_npi,
                diagnosis_codes=referral.diagnosis_codes,
                conditions=referral.conditions,
                requested=[asdict(item) for item in referral.requested],
                status=referral.status,
                received_at=referral.received_at,
            )
        )

    async def get(self, clinic_id: str, referral_id: str) -> Referral | None:
        row = (
            await self._connection.execute(
                sa.select(referrals).where(referrals.c.id == referral_id, referrals.c.clinic_id == clinic_id)
            )
        ).first()
        if row is None:
            return None
        return Referral(
            id=row.id,
            clinic_id=row.clinic_id,
            patient_id=row.patient_id,
            referring_physician_id=row.referring_physician_id,
            referring_physician_npi=row.referring_physician_npi,
            diagnosis_codes=list(row.diagnosis_codes),
            conditions=list(row.conditions),
            requested=[
                RequestedDiscipline(Discipline(item["discipline"]), item["visits_per_week"], item["weeks"])
                for item in row.requested
            ],
            status=ReferralStatus(row.status),
            received_at=row.received_at,
        )
