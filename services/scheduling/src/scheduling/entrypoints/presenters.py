"""Domain objects to response models, and calendar cursors."""

from datetime import datetime

from carecoord.pagination import decode_cursor, page

from scheduling.domain.appointments import Appointment
from scheduling.entrypoints.schemas import AppointmentPage, AppointmentPublic


def appointment_public(appointment: Appointment) -> AppointmentPublic:
    return AppointmentPublic(
        id=appointment.id,
        patient_id=appointment.patient_id,
        care_plan_id=appointment.care_plan_id,
        provider_id=appointment.provider_id,
        discipline=appointment.discipline,
        starts_at=appointment.interval.start,
        ends_at=appointment.interval.end,
        status=appointment.status,
        room_id=appointment.room_id,
        series_id=appointment.series_id,
        host_appointment_id=appointment.host_appointment_id,
        cancel_reason=appointment.cancel_reason,
        late_cancel=appointment.late_cancel,
        self_pay=appointment.self_pay,
    )


def page_of(appointments: list[Appointment], limit: int) -> AppointmentPage:
    """``appointments`` holds up to ``limit + 1`` rows; the extra one says a next page exists."""
    items, next_cursor = page(appointments, limit, lambda a: (a.interval.start, a.id))
    return AppointmentPage(items=[appointment_public(a) for a in items], next_cursor=next_cursor)


def calendar_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    """The (start, id) of the last appointment of the previous page."""
    key = decode_cursor(cursor, datetime, str)
    return None if key is None else (key[0], key[1])
