"""Referrals, their transitions and patients in PostgreSQL."""

import uuid
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from carecoord.events.vocabulary import Precaution
from pydantic import TypeAdapter
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from referrals.adapters.tables import patients, referral_transitions, referrals
from referrals.domain.commands import PatientDetails
from referrals.domain.lifecycle import ReferralStatus
from referrals.domain.model import Insurance, Referral, RequestedDiscipline, Transition
from referrals.domain.vocabulary import Condition, Urgency

_REQUESTED = TypeAdapter(list[RequestedDiscipline])
_INSURANCE = TypeAdapter(Insurance | None)


class ReferralRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def patient_id_for(self, clinic_id: str, patient: PatientDetails) -> str:
        """The clinic's patient with this MRN, created on first referral. The match is by clinic
        and MRN, so a referral can never attach to another clinic's patient."""
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

    async def patient(self, patient_id: str) -> PatientDetails:
        row = (
            await self._connection.execute(
                sa.select(patients.c.mrn, patients.c.given_name, patients.c.family_name).where(
                    patients.c.id == patient_id
                )
            )
        ).one()
        return PatientDetails(row.mrn, row.given_name, row.family_name)

    async def add(self, referral: Referral) -> None:
        await self._connection.execute(referrals.insert().values(id=referral.id, **_columns(referral)))
        for step in referral.history:
            await self.add_transition(referral.id, step)

    async def update(self, referral: Referral) -> None:
        await self._connection.execute(
            referrals.update().where(referrals.c.id == referral.id).values(**_columns(referral))
        )

    async def add_transition(self, referral_id: str, step: Transition) -> None:
        await self._connection.execute(
            referral_transitions.insert().values(referral_id=referral_id, **asdict(step))
        )

    async def get(self, clinic_id: str, referral_id: str, *, for_update: bool = False) -> Referral | None:
        query = sa.select(referrals).where(referrals.c.id == referral_id, referrals.c.clinic_id == clinic_id)
        row = (await self._connection.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            return None
        steps = await self._connection.execute(
            sa.select(referral_transitions)
            .where(referral_transitions.c.referral_id == referral_id)
            .order_by(referral_transitions.c.id)
        )
        return to_referral(row, [_transition(step) for step in steps])


def _columns(referral: Referral) -> dict[str, Any]:
    return {
        "clinic_id": referral.clinic_id,
        "patient_id": referral.patient_id,
        "referring_physician_id": referral.referring_physician_id,
        "referring_physician_npi": referral.referring_physician_npi,
        "referring_physician_name": referral.referring_physician_name,
        "diagnosis_codes": referral.diagnosis_codes,
        "conditions": [str(condition) for condition in referral.conditions],
        "other_conditions": referral.other_conditions,
        "body_regions": referral.body_regions,
        "precautions": [str(precaution) for precaution in referral.precautions],
        "urgency": str(referral.urgency),
        "requested": _REQUESTED.dump_python(referral.requested, mode="json"),
        "insurance": _INSURANCE.dump_python(referral.insurance, mode="json"),
        "status": str(referral.status),
        "received_at": referral.received_at,
        "care_plan_id": referral.care_plan_id,
    }


def to_referral(row: Any, history: list[Transition] | None = None) -> Referral:
    return Referral(
        id=row.id,
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        referring_physician_id=row.referring_physician_id,
        referring_physician_npi=row.referring_physician_npi,
        referring_physician_name=row.referring_physician_name,
        diagnosis_codes=list(row.diagnosis_codes),
        conditions=[Condition(condition) for condition in row.conditions],
        other_conditions=row.other_conditions,
        body_regions=list(row.body_regions),
        precautions=[Precaution(precaution) for precaution in row.precautions],
        urgency=Urgency(row.urgency),
        requested=_REQUESTED.validate_python(row.requested),
        insurance=_INSURANCE.validate_python(row.insurance),
        status=ReferralStatus(row.status),
        received_at=row.received_at,
        care_plan_id=row.care_plan_id,
        history=history or [],
    )


def _transition(row: Any) -> Transition:
    return Transition(
        from_status=ReferralStatus(row.from_status) if row.from_status else None,
        to_status=ReferralStatus(row.to_status),
        actor=row.actor,
        at=row.at,
        reason_code=row.reason_code,
    )
