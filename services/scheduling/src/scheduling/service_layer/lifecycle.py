"""Check-in, completion, no-show and cancellation: one status change and one event each."""

from dataclasses import replace
from datetime import datetime

from carecoord.events import (
    AppointmentCancelled,
    AppointmentCheckedIn,
    AppointmentCompleted,
    AppointmentNoShow,
)
from carecoord.events.scheduling import AppointmentEvent
from carecoord.outbox import UnitOfWork

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.domain.appointments import Appointment, Status, is_late_cancel, transition_refusal
from scheduling.domain.commands import ChangeStatus
from scheduling.domain.refusals import BookingRefused
from scheduling.service_layer.errors import NotFound
from scheduling.service_layer.events import appointment_event

_EVENTS: dict[Status, type[AppointmentEvent]] = {
    Status.CHECKED_IN: AppointmentCheckedIn,
    Status.COMPLETED: AppointmentCompleted,
    Status.NO_SHOW: AppointmentNoShow,
}


async def change_status(uow: UnitOfWork, command: ChangeStatus, now: datetime) -> Appointment:
    repository = AppointmentRepository(uow.connection)
    current = await repository.get(command.clinic_id, command.appointment_id, for_update=True)
    if current is None:
        raise NotFound(f"appointments/{command.appointment_id}")
    refusal = transition_refusal(current, command.target)
    if refusal is not None:
        raise BookingRefused([refusal])
    if command.target is Status.CANCELLED:
        return await _cancel(uow, current, command.reason_code or "unspecified", now)
    await repository.set_status(current.id, command.target)
    changed = current.with_status(command.target)
    await uow.publish(
        appointment_event(_EVENTS[command.target], changed), subject=f"appointments/{current.id}"
    )
    return changed


async def _cancel(uow: UnitOfWork, appointment: Appointment, reason: str, now: datetime) -> Appointment:
    """Cancelling a host visit cancels the spot work nested in it: the patient will not be there."""
    repository = AppointmentRepository(uow.connection)
    cancelled = appointment
    for visit in [appointment, *await repository.nested_in(appointment.id)]:
        late = is_late_cancel(visit, now)
        visit_reason = reason if visit is appointment else "host_cancelled"
        await repository.set_status(visit.id, Status.CANCELLED, reason=visit_reason, late=late)
        event = appointment_event(AppointmentCancelled, visit, reason_code=visit_reason, late_cancel=late)
        await uow.publish(event, subject=f"appointments/{visit.id}")
        if visit is appointment:
            cancelled = replace(visit, status=Status.CANCELLED, cancel_reason=reason, late_cancel=late)
    return cancelled
