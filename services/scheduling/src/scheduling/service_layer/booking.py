"""Booking and rescheduling: check every rule, write, and stage the event in one unit of work."""

from datetime import datetime

from carecoord.events import AppointmentRescheduled
from carecoord.outbox import UnitOfWork

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.domain.appointments import Appointment, Status
from scheduling.domain.booking_rules import booking_refusals
from scheduling.domain.commands import BookAppointment, RescheduleAppointment
from scheduling.domain.intervals import Interval
from scheduling.domain.refusals import BookingRefused, Refusal, Rule
from scheduling.service_layer.booking_context import (
    context_for,
    insert_appointment,
    locked_plan,
    move_appointment,
)
from scheduling.service_layer.errors import NotFound
from scheduling.service_layer.events import appointment_event, booked_event


async def book_appointment(uow: UnitOfWork, command: BookAppointment, now: datetime) -> Appointment:
    plan = await locked_plan(uow.connection, command.clinic_id, command.care_plan_id)
    appointment = Appointment(
        clinic_id=plan.clinic_id,
        patient_id=plan.patient_id,
        care_plan_id=plan.id,
        provider_id=command.provider_id,
        discipline=command.discipline,
        interval=Interval.of(command.starts_at, command.minutes),
        room_id=command.room_id,
        host_appointment_id=command.host_appointment_id,
        self_pay=not plan.covers(command.discipline),
    )
    refusals = booking_refusals(appointment, await context_for(uow.connection, plan, appointment, now))
    if refusals:
        raise BookingRefused(refusals)
    await insert_appointment(uow.connection, appointment)
    await uow.publish(booked_event(appointment), subject=f"appointments/{appointment.id}")
    return appointment


async def reschedule_appointment(
    uow: UnitOfWork, command: RescheduleAppointment, now: datetime
) -> Appointment:
    repository = AppointmentRepository(uow.connection)
    current = await repository.get(command.clinic_id, command.appointment_id)
    if current is None:
        raise NotFound(f"appointments/{command.appointment_id}")
    plan = await locked_plan(uow.connection, command.clinic_id, current.care_plan_id)
    current = await repository.get(command.clinic_id, command.appointment_id, for_update=True)
    assert current is not None
    if current.status is not Status.BOOKED:
        raise BookingRefused(
            [Refusal(Rule.INVALID_STATUS_TRANSITION, f"a {current.status} visit cannot move")]
        )
    if await repository.nested_in(current.id):
        raise BookingRefused([Refusal(Rule.HOST_HAS_SPOT_WORK, "move or cancel its spot work first")])
    minutes = command.minutes or int(current.interval.duration.total_seconds() // 60)
    moved = current.moved_to(Interval.of(command.starts_at, minutes))
    refusals = booking_refusals(moved, await context_for(uow.connection, plan, moved, now))
    if refusals:
        raise BookingRefused(refusals)
    await move_appointment(uow.connection, moved)
    event = appointment_event(AppointmentRescheduled, moved, previous_starts_at=current.interval.start)
    await uow.publish(event, subject=f"appointments/{moved.id}")
    return moved
