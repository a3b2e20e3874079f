"""Appointment events from the domain object: ids and times only (minimum necessary)."""

from typing import Any, TypeVar

from carecoord.events.scheduling import AppointmentBooked, AppointmentEvent

from scheduling.domain.appointments import Appointment

E = TypeVar("E", bound=AppointmentEvent)


def appointment_event(event_type: type[E], appointment: Appointment, **extra: Any) -> E:
    return event_type(
        clinic_id=appointment.clinic_id,
        patient_id=appointment.patient_id,
        appointment_id=appointment.id,
        care_plan_id=appointment.care_plan_id,
        provider_id=appointment.provider_id,
        discipline=appointment.discipline,
        starts_at=appointment.interval.start,
        ends_at=appointment.interval.end,
        self_pay=appointment.self_pay,
        **extra,
    )


def booked_event(appointment: Appointment) -> AppointmentBooked:
    return appointment_event(
        AppointmentBooked,
        appointment,
        series_id=appointment.series_id,
        host_appointment_id=appointment.host_appointment_id,
    )
