"""Intake. Each use case runs in one unit of work, so the write and its event commit together."""

from carecoord.events import ReferralReceived
from carecoord.outbox import UnitOfWork

from referrals.adapters.repository import ReferralRepository
from referrals.domain.commands import ReceiveReferral
from referrals.domain.model import Referral, Transition


async def receive_referral(uow: UnitOfWork, command: ReceiveReferral) -> tuple[Referral, bool]:
    """The new referral and True; or, for a referral sent again under the same placer identifier,
    the one already received and False (nothing is written, nothing announced)."""
    repository = ReferralRepository(uow.connection)
    if command.placer_identifier is not None:
        existing_id = await repository.id_for_placer(command.clinic_id, command.placer_identifier)
        existing = existing_id and await repository.get(command.clinic_id, existing_id)
        if existing:
            return existing, False
    patient_id = await repository.patient_id_for(command.clinic_id, command.patient)
    referral = Referral(
        clinic_id=command.clinic_id,
        patient_id=patient_id,
        referring_physician_id=command.referring_physician_id,
        referring_physician_npi=command.referring_physician_npi,
        referring_physician_name=command.referring_physician_name,
        diagnosis_codes=command.diagnosis_codes,
        conditions=command.conditions,
        other_conditions=command.other_conditions,
        body_regions=list(command.body_regions),
        precautions=list(command.precautions),
        urgency=command.urgency,
        requested=command.requested,
        insurance=command.insurance,
        placer_identifier=command.placer_identifier,
        patient=command.patient,
    )
    referral.history.append(
        Transition(None, referral.status, command.referring_physician_id, referral.received_at)
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
            conditions=[str(condition) for condition in referral.conditions],
            requested_disciplines=[item.discipline for item in referral.requested],
            received_on=referral.received_on,
        ),
        subject=f"referrals/{referral.id}",
    )
    return referral, True
