"""The referring physician certifies the plan of care as it stands: the version they read, or
nothing (a plan edited meanwhile is refused as stale, so no one certifies what they did not see)."""

from datetime import UTC, datetime

from carecoord.events import CarePlanCertified
from carecoord.outbox import UnitOfWork

from referrals.adapters.care_plan_repository import CarePlanRepository
from referrals.adapters.certification_repository import CertificationRepository
from referrals.domain.care_plan import CarePlan, StalePlan
from referrals.domain.certification import certify
from referrals.domain.commands import CertifyCarePlan
from referrals.service_layer.care_plans import CarePlanNotFound


async def certify_care_plan(uow: UnitOfWork, command: CertifyCarePlan) -> CarePlan:
    plan = await CarePlanRepository(uow.connection).get(
        command.clinic_id, command.care_plan_id, for_update=True
    )
    if plan is None:
        raise CarePlanNotFound(command.care_plan_id)
    if plan.version != command.expected_version:
        raise StalePlan(plan.version, command.expected_version)
    certification = certify(plan, command.physician_id, datetime.now(UTC))
    await CertificationRepository(uow.connection).add(plan.id, certification)
    await uow.publish(
        CarePlanCertified(
            clinic_id=plan.clinic_id,
            patient_id=plan.patient_id,
            care_plan_id=plan.id,
            version=plan.version,
            certified_by=certification.certified_by,
            referring_physician_id=plan.referring_physician_id,
            certified_at=certification.certified_at,
        ),
        subject=f"care-plans/{plan.id}",
    )
    return plan
