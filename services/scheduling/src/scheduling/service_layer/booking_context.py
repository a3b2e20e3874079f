"""Load what the booking rules need, under a per-patient lock.

The exclusion constraints already make provider, patient and room clashes impossible to commit.
The transaction-scoped advisory lock on the patient serialises the rules the constraints cannot
express (the authorization budget, two spot works inside one host), so two concurrent bookings for
one patient are checked one after the other and neither can overspend the budget."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.adapters.care_plans import load_care_plan
from scheduling.adapters.providers import ProviderRepository
from scheduling.domain.appointments import Appointment
from scheduling.domain.booking_rules import BookingContext
from scheduling.domain.care_plan import CarePlan
from scheduling.domain.refusals import BookingRefused, Refusal, Rule
from scheduling.service_layer.errors import NotFound

_CONSTRAINT_RULES = {
    "appointments_provider_no_overlap": Rule.PROVIDER_DOUBLE_BOOKED,
    "appointments_patient_no_overlap": Rule.PATIENT_DOUBLE_BOOKED,
    "appointments_room_no_overlap": Rule.ROOM_DOUBLE_BOOKED,
}


async def lock_patient(connection: AsyncConnection, patient_id: str) -> None:
    key = sa.func.hashtextextended(sa.literal(f"scheduling.patient:{patient_id}"), 0)
    await connection.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


async def locked_plan(connection: AsyncConnection, clinic_id: str, care_plan_id: str) -> CarePlan:
    plan = await load_care_plan(connection, clinic_id, care_plan_id)
    if plan is None:
        raise NotFound(f"care-plans/{care_plan_id}")
    await lock_patient(connection, plan.patient_id)
    return plan


async def context_for(
    connection: AsyncConnection, plan: CarePlan, candidate: Appointment, now: datetime
) -> BookingContext:
    provider = await ProviderRepository(connection).get(
        plan.clinic_id, candidate.provider_id, candidate.interval
    )
    if provider is None:
        raise NotFound(f"providers/{candidate.provider_id}")
    repository = AppointmentRepository(connection)
    interval, me = candidate.interval, candidate.id
    host = None
    if candidate.host_appointment_id is not None:
        host = await repository.get(plan.clinic_id, candidate.host_appointment_id)
    return BookingContext(
        plan=plan,
        provider=provider,
        now=now,
        provider_appointments=await repository.occupying(interval, provider_id=provider.id, excluding=me),
        patient_appointments=await repository.occupying(interval, patient_id=plan.patient_id, excluding=me),
        room_appointments=[]
        if candidate.room_id is None
        else await repository.occupying(interval, room_id=candidate.room_id, excluding=me),
        visits_counted=await repository.visits_counted(plan, candidate.discipline, excluding=me),
        host=host,
    )


async def insert_appointment(connection: AsyncConnection, appointment: Appointment) -> None:
    async with _clash_is_a_refusal():
        await AppointmentRepository(connection).add(appointment)


async def move_appointment(connection: AsyncConnection, appointment: Appointment) -> None:
    async with _clash_is_a_refusal():
        await AppointmentRepository(connection).move(appointment)


@asynccontextmanager
async def _clash_is_a_refusal() -> AsyncIterator[None]:
    try:
        yield
    except IntegrityError as error:
        refused = _refused_by_constraint(error)
        if refused is None:
            raise
        raise refused from error


def _refused_by_constraint(error: IntegrityError) -> BookingRefused | None:
    """The clash a concurrent transaction committed first, named like the rule it breaks."""
    cause = error.orig.__cause__ if error.orig is not None else None
    name = getattr(cause, "constraint_name", None) or next(
        (constraint for constraint in _CONSTRAINT_RULES if constraint in str(error)), None
    )
    rule = _CONSTRAINT_RULES.get(name or "")
    if rule is None:
        return None
    return BookingRefused([Refusal(rule, "a concurrent booking took this time first")])
