"""Spot work: a short medical massage inside a host PT or chiropractic session for the same
patient. The patient is already in the room, so the visit does not double-book them; the massage
therapist's own time is taken, so it can double-book the therapist."""

from datetime import timedelta

from carecoord.events.vocabulary import Discipline

from scheduling.domain.appointments import Appointment
from scheduling.domain.care_plan import CarePlan
from scheduling.domain.refusals import Refusal, Rule

HOST_DISCIPLINES = frozenset({Discipline.PHYSICAL_THERAPY, Discipline.CHIROPRACTIC})
MAX_SPOT_WORK = timedelta(minutes=30)


def spot_work_refusals(spot: Appointment, host: Appointment | None, plan: CarePlan) -> list[Refusal]:
    if spot.discipline is not Discipline.MEDICAL_MASSAGE:
        return [Refusal(Rule.SPOT_WORK_MUST_BE_MASSAGE, "spot work is a medical massage visit")]
    if host is None or host.patient_id != spot.patient_id or not host.occupies_time or host.is_spot_work:
        return [
            Refusal(
                Rule.SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST,
                "the host must be a booked PT or chiropractic appointment of the same patient",
            )
        ]
    refusals: list[Refusal] = []
    if host.discipline not in HOST_DISCIPLINES:
        refusals.append(
            Refusal(Rule.SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST, f"a {host.discipline} visit cannot host spot work")
        )
    if not host.interval.contains(spot.interval):
        refusals.append(
            Refusal(Rule.SPOT_WORK_NOT_NESTED_IN_HOST, "spot work must lie inside the host visit")
        )
    if spot.interval.duration > MAX_SPOT_WORK:
        refusals.append(Refusal(Rule.SPOT_WORK_TOO_LONG, "spot work lasts at most 30 minutes"))
    planned = plan.disciplines.get(spot.discipline)
    if planned is not None and not planned.spot_work_allowed:
        refusals.append(Refusal(Rule.SPOT_WORK_NOT_ALLOWED_BY_PLAN, "the care plan does not allow spot work"))
    return refusals


def blocks_patient(candidate: Appointment, other: Appointment) -> bool:
    """Whether ``other`` makes the patient unavailable for ``candidate``: spot work never clashes
    with its own host (nor the host with its spot work)."""
    if candidate.host_appointment_id == other.id or other.host_appointment_id == candidate.id:
        return False
    return candidate.interval.overlaps(other.interval)
