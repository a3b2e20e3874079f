"""Appointment events: keep the visit projection and open the draft note for a visit."""

from datetime import timedelta

from carecoord.events.scheduling import AppointmentEvent
from carecoord.outbox import UnitOfWork

from notes.adapters.notes_repository import NoteRepository
from notes.adapters.projections import record_appointment
from notes.domain.note import SessionNote, Visit


def visit_of(event: AppointmentEvent) -> Visit:
    return Visit(
        appointment_id=event.appointment_id,
        clinic_id=event.clinic_id,
        patient_id=event.patient_id,
        provider_id=event.provider_id,
        discipline=event.discipline,
        care_plan_id=event.care_plan_id,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )


async def track_appointment(
    uow: UnitOfWork, event: AppointmentEvent, status: str, *, open_draft: bool, signing_window: timedelta
) -> None:
    """Redelivery and a draft opened at check-in then again at completion both leave one note."""
    await record_appointment(uow.connection, event, status)
    if open_draft:
        note = SessionNote.open_for(visit_of(event), signing_window)
        await NoteRepository(uow.connection).add_if_absent(note)
