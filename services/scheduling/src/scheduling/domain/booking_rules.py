"""The rules a booking must pass, as one pure function over what the database said."""

from dataclasses import dataclass, field
from datetime import datetime

from scheduling.domain.appointments import Appointment
from scheduling.domain.care_plan import CarePlan
from scheduling.domain.providers import Provider
from scheduling.domain.refusals import Refusal, Rule
from scheduling.domain.spot_work import blocks_patient, spot_work_refusals


@dataclass
class BookingContext:
    """Occupying appointments near the candidate (never the candidate itself) and the visits
    already counted against the authorization for its discipline."""

    plan: CarePlan
    provider: Provider
    now: datetime
    provider_appointments: list[Appointment] = field(default_factory=list)
    patient_appointments: list[Appointment] = field(default_factory=list)
    room_appointments: list[Appointment] = field(default_factory=list)
    visits_counted: int = 0
    host: Appointment | None = None

    def accept(self, appointment: Appointment) -> None:
        """Count an accepted visit, so the next one of a series is checked against it."""
        self.provider_appointments.append(appointment)
        self.patient_appointments.append(appointment)
        if appointment.room_id is not None:
            self.room_appointments.append(appointment)
        self.visits_counted += 1


def booking_refusals(candidate: Appointment, context: BookingContext) -> list[Refusal]:
    return [
        *_plan_refusals(candidate, context),
        *_time_refusals(candidate, context),
        *_conflict_refusals(candidate, context),
    ]


def _plan_refusals(candidate: Appointment, context: BookingContext) -> list[Refusal]:
    plan, provider = context.plan, context.provider
    refusals: list[Refusal] = []
    if candidate.discipline not in plan.disciplines:
        refusals.append(Refusal(Rule.DISCIPLINE_NOT_IN_CARE_PLAN, f"the plan has no {candidate.discipline}"))
    if provider.discipline is not candidate.discipline:
        refusals.append(
            Refusal(Rule.PROVIDER_DISCIPLINE_MISMATCH, f"the provider practises {provider.discipline}")
        )
    if provider.id not in plan.care_team:
        refusals.append(
            Refusal(Rule.PROVIDER_NOT_ON_CARE_TEAM, "the provider is not on the patient's care team")
        )
    authorized = plan.visits_authorized(candidate.discipline)
    if authorized is not None and context.visits_counted >= authorized:
        refusals.append(
            Refusal(
                Rule.AUTHORIZED_VISITS_EXHAUSTED,
                f"{context.visits_counted} of {authorized} authorized visits are booked or completed",
            )
        )
    planned = plan.disciplines.get(candidate.discipline)
    if planned is not None and planned.requires_authorization and not plan.covers(candidate.discipline):
        refusals.append(
            Refusal(
                Rule.NOT_COVERED_BY_AUTHORIZATION,
                f"{candidate.discipline} is not covered by an authorization, and the plan books it only with one",
            )
        )
    if candidate.is_spot_work:
        refusals.extend(spot_work_refusals(candidate, context.host, plan))
    return refusals


def _time_refusals(candidate: Appointment, context: BookingContext) -> list[Refusal]:
    plan, provider = context.plan, context.provider
    day = provider.local_date(candidate.interval.start)
    refusals: list[Refusal] = []
    if candidate.interval.start < context.now:
        refusals.append(Refusal(Rule.STARTS_IN_THE_PAST, "the visit would start in the past"))
    planned = plan.disciplines.get(candidate.discipline)
    if planned is not None and not planned.within_window(day):
        refusals.append(
            Refusal(
                Rule.OUTSIDE_PLAN_WINDOW,
                f"the plan allots {planned.window_start} to {planned.window_end} for {candidate.discipline}",
            )
        )
    authorization = plan.authorization
    if authorization is not None and plan.covers(candidate.discipline) and not authorization.covers(day):
        refusals.append(
            Refusal(
                Rule.OUTSIDE_AUTHORIZATION_WINDOW,
                f"the authorization is valid {authorization.valid_from} to {authorization.valid_to}",
            )
        )
    if not provider.works_during(candidate.interval):
        refusals.append(Refusal(Rule.OUTSIDE_WORKING_HOURS, "the provider is not working then"))
    return refusals


def _conflict_refusals(candidate: Appointment, context: BookingContext) -> list[Refusal]:
    refusals: list[Refusal] = []
    if any(candidate.interval.overlaps(other.interval) for other in context.provider_appointments):
        refusals.append(Refusal(Rule.PROVIDER_DOUBLE_BOOKED, "the provider already has a visit then"))
    if any(blocks_patient(candidate, other) for other in context.patient_appointments):
        refusals.append(Refusal(Rule.PATIENT_DOUBLE_BOOKED, "the patient already has a visit then"))
    if candidate.room_id is not None and any(
        candidate.interval.overlaps(other.interval) for other in context.room_appointments
    ):
        refusals.append(Refusal(Rule.ROOM_DOUBLE_BOOKED, "the room is taken then"))
    return refusals
