"""HTTP routes: validate, build a command, hand it to the service layer, map the outcome."""

from dataclasses import asdict

from carecoord.access import AccessDenied, Decision, authorize_patient_access, record_access
from carecoord.auth import Role
from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter, status

from referrals.adapters.care_team import load_care_team
from referrals.adapters.repository import ReferralRepository
from referrals.domain.commands import PatientDetails, ReceiveReferral
from referrals.domain.model import Referral, RequestedDiscipline
from referrals.entrypoints.schemas import ReferralCreate, ReferralPublic, RequestedDisciplinePublic
from referrals.service_layer.handlers import receive_referral

router = APIRouter(tags=["referrals"])


@router.post("/referrals", status_code=status.HTTP_201_CREATED)
async def create_referral(
    body: ReferralCreate, principal: CurrentPrincipal, runtime: Runtime
) -> ReferralPublic:
    if principal.role is not Role.PHYSICIAN:
        async with runtime.engine.begin() as connection:
            await record_access(
                connection,
                principal,
                action="create",
                resource="referral",
                patient_id=None,
                decision=Decision.FORBIDDEN,
            )
        raise AccessDenied(Decision.FORBIDDEN, "referral")
    command = ReceiveReferral(
        clinic_id=principal.clinic_id,
        patient=PatientDetails(**body.patient.model_dump()),
        referring_physician_id=principal.subject,
        referring_physician_npi=body.referring_physician.npi,
        diagnosis_codes=body.diagnosis_codes,
        conditions=body.conditions,
        requested=[RequestedDiscipline(**item.model_dump()) for item in body.requested_disciplines],
    )
    async with runtime.transactions.begin() as uow:
        referral = await receive_referral(uow, command)
        await record_access(
            uow.connection,
            principal,
            action="create",
            resource=f"referrals/{referral.id}",
            patient_id=referral.patient_id,
            decision=Decision.ALLOWED,
        )
    return _public(referral)


@router.get("/referrals/{referral_id}")
async def read_referral(referral_id: str, principal: CurrentPrincipal, runtime: Runtime) -> ReferralPublic:
    async with runtime.engine.connect() as connection:
        referral = await ReferralRepository(connection).get(principal.clinic_id, referral_id)
    resource = f"referrals/{referral_id}"
    if referral is None:
        raise AccessDenied(Decision.NOT_FOUND, resource)
    await authorize_patient_access(
        runtime.engine,
        principal,
        referral.patient_id,
        action="read",
        resource=resource,
        load_care_team=load_care_team,
    )
    return _public(referral)


def _public(referral: Referral) -> ReferralPublic:
    return ReferralPublic(
        id=referral.id,
        patient_id=referral.patient_id,
        referring_physician_id=referral.referring_physician_id,
        referring_physician_npi=referral.referring_physician_npi,
        diagnosis_codes=referral.diagnosis_codes,
        conditions=referral.conditions,
        requested_disciplines=[RequestedDisciplinePublic(**asdict(item)) for item in referral.requested],
        status=referral.status,
        received_at=referral.received_at,
    )
