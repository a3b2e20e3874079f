"""Domain objects to response models, and calendar cursors."""

import base64
import binascii
from datetime import datetime

from carecoord.problems import field_error, invalid

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
    items = appointments[:limit]
    more = len(appointments) > limit
    cursor = _encode(items[-1]) if more and items else None
    return AppointmentPage(items=[appointment_public(a) for a in items], next_cursor=cursor)


def _encode(appointment: Appointment) -> str:
    raw = f"{appointment.interval.start.isoformat()}|{appointment.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None:
        return None
    try:
        starts_at, _, appointment_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(starts_at), appointment_id
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise invalid(field_error(["query", "cursor"], "not a cursor from a previous page")) from error
