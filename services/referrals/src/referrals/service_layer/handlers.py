"""Use cases. Each runs in one unit of work, so the write and its event commit together."""

from carecoord.events import ReferralReceived
from carecoord.outbox import UnitOfWork

from referrals.adapters.repository import ReferralRepository
from referrals.domain.commands import ReceiveReferral
from referrals.domain.model import Referral


async def receive_referral(uow: UnitOfWork, command: ReceiveReferral) -> Referral:
    repository = ReferralRepository(uow.connection)
    patient_id = await repository.patient_id_for(command.clinic_id, command.patient)
    referral = Referral(
        clinic_id=command.clinic_id,
        patient_id=patient_id,
        referring_physician_id=command.referring_physician_id,
        referring_physician_npi=command.referring_physician_npi,
        diagnosis_codes=command.diagnosis_codes,
        conditions=command.conditions,
        requested=command.requested,
    )
    await repository.add(referral)
    await uow.publish(
        ReferralReceived(
            clinic_id=referral.clinic_id,
            patient_id=referral.patient_id,
            referral_id=referral.id,
            referring_physician_id=referral.referring_physician_id,
            referring_physician_npi=referral.referring_physician_npi,
            diagnosis_codes=referral.diagnosis_codes,
            conditions=referral.conditions,
            requested_disciplines=[item.discipline for item in referral.requested],
            received_on=referral.received_on,
        ),
        subject=f"referrals/{referral.id}",
    )
    return referral
