"""Booking, reading and the lifecycle of one appointment, and a patient's visits."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from carecoord.access import Rule
from carecoord.auth import Principal
from carecoord.db import sqlstate
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.openapi import problem_responses
from carecoord.pagination import Cursor
from carecoord.runtime import ServiceRuntime
from fastapi import APIRouter, Query, status

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.adapters.care_plans import load_care_plan
from scheduling.domain.appointments import Appointment, Status
from scheduling.domain.commands import BookAppointment, ChangeStatus, RescheduleAppointment
from scheduling.domain.intervals import Interval
from scheduling.entrypoints.access import BOOK, COMPLETE, READ, authorize_patient, not_found
from scheduling.entrypoints.presenters import appointment_public, calendar_cursor, page_of
from scheduling.entrypoints.schemas import (
    AppointmentCancel,
    AppointmentCreate,
    AppointmentPage,
    AppointmentPublic,
    AppointmentReschedule,
)
from scheduling.service_layer.booking import book_appointment, reschedule_appointment
from scheduling.service_layer.lifecycle import change_status

router = APIRouter(tags=["appointments"])
REFUSED = problem_responses(409)
FOREVER = timedelta(days=3650)


def _now() -> datetime:
    return datetime.now(UTC)


@router.post("/appointments", status_code=status.HTTP_201_CREATED, responses=REFUSED)
async def create_appointment(
    body: AppointmentCreate, principal: CurrentPrincipal, runtime: Runtime
) -> AppointmentPublic:
    async with runtime.engine.connect() as connection:
        plan = await load_care_plan(connection, principal.clinic_id, body.care_plan_id)
    if plan is None:
        raise not_found(f"care-plans/{body.care_plan_id}", "create")
    await authorize_patient(
        runtime, principal, plan.patient_id, action="create", resource="appointments", rule=BOOK
    )
    command = BookAppointment(
        clinic_id=principal.clinic_id,
        care_plan_id=body.care_plan_id,
        provider_id=body.provider_id,
        discipline=body.discipline,
        starts_at=body.starts_at,
        minutes=body.duration_minutes,
        room_id=body.room_id,
        host_appointment_id=body.host_appointment_id,
    )
    for attempt in range(1, _BOOKING_ATTEMPTS + 1):
        try:
            async with runtime.transactions.begin() as uow:
                appointment = await book_appointment(uow, command, _now())
            return appointment_public(appointment)
        except sa.exc.DBAPIError as error:
            # Racing inserts checked by the exclusion constraints can deadlock; PostgreSQL aborts one
            # transaction, and running it again gives the real answer (booked, or 409 overlap).
            if attempt == _BOOKING_ATTEMPTS or not _is_deadlock(error):
                raise
    raise AssertionError("unreachable")


_BOOKING_ATTEMPTS = 3


def _is_deadlock(error: sa.exc.DBAPIError) -> bool:
    return sqlstate(error) in ("40P01", "40001")


async def _authorized(
    runtime: ServiceRuntime,
    principal: Principal,
    appointment_id: str,
    action: str,
    rule: Rule,
) -> Appointment:
    async with runtime.engine.connect() as connection:
        appointment = await AppointmentRepository(connection).get(principal.clinic_id, appointment_id)
    resource = f"appointments/{appointment_id}"
    if appointment is None:
        raise not_found(resource, action)
    await authorize_patient(
        runtime, principal, appointment.patient_id, action=action, resource=resource, rule=rule
    )
    return appointment


@router.get("/appointments/{appointment_id}")
async def read_appointment(
    appointment_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> AppointmentPublic:
    return appointment_public(await _authorized(runtime, principal, appointment_id, "read", READ))


@router.post("/appointments/{appointment_id}/reschedule", name="reschedule_appointment", responses=REFUSED)
async def reschedule(
    appointment_id: str, body: AppointmentReschedule, principal: CurrentPrincipal, runtime: Runtime
) -> AppointmentPublic:
    await _authorized(runtime, principal, appointment_id, "reschedule", BOOK)
    command = RescheduleAppointment(
        principal.clinic_id, appointment_id, body.starts_at, body.duration_minutes
    )
    async with runtime.transactions.begin() as uow:
        return appointment_public(await reschedule_appointment(uow, command, _now()))


@router.post("/appointments/{appointment_id}/cancel", name="cancel_appointment", responses=REFUSED)
async def cancel(
    appointment_id: str, body: AppointmentCancel, principal: CurrentPrincipal, runtime: Runtime
) -> AppointmentPublic:
    await _authorized(runtime, principal, appointment_id, "cancel", BOOK)
    return await _change(runtime, principal, appointment_id, Status.CANCELLED, body.reason_code)


@router.post("/appointments/{appointment_id}/check-in", name="check_in_appointment", responses=REFUSED)
async def check_in(appointment_id: str, principal: CurrentPrincipal, runtime: Runtime) -> AppointmentPublic:
    await _authorized(runtime, principal, appointment_id, "check_in", BOOK)
    return await _change(runtime, principal, appointment_id, Status.CHECKED_IN)


@router.post("/appointments/{appointment_id}/complete", name="complete_appointment", responses=REFUSED)
async def complete(appointment_id: str, principal: CurrentPrincipal, runtime: Runtime) -> AppointmentPublic:
    """Only the treating provider (or an admin) says a visit happened: it uses the authorization."""
    await _authorized(runtime, principal, appointment_id, "complete", COMPLETE)
    return await _change(runtime, principal, appointment_id, Status.COMPLETED)


@router.post("/appointments/{appointment_id}/no-show", name="record_no_show", responses=REFUSED)
async def no_show(appointment_id: str, principal: CurrentPrincipal, runtime: Runtime) -> AppointmentPublic:
    await _authorized(runtime, principal, appointment_id, "no_show", BOOK)
    return await _change(runtime, principal, appointment_id, Status.NO_SHOW)


async def _change(
    runtime: ServiceRuntime,
    principal: Principal,
    appointment_id: str,
    target: Status,
    reason: str | None = None,
) -> AppointmentPublic:
    command = ChangeStatus(principal.clinic_id, appointment_id, target, reason)
    async with runtime.transactions.begin() as uow:
        return appointment_public(await change_status(uow, command, _now()))


@router.get("/patients/{patient_id}/appointments")
async def list_patient_appointments(
    patient_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    since: Annotated[datetime | None, Query(description="Default: now (upcoming visits)")] = None,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> AppointmentPage:
    """The patient's visits across every discipline: the shared view of the whole care team."""
    resource = f"patients/{patient_id}/appointments"
    await authorize_patient(runtime, principal, patient_id, action="read", resource=resource)
    start = since if since is not None and since.tzinfo is not None else _now()
    async with runtime.engine.connect() as connection:
        rows = await AppointmentRepository(connection).page(
            principal.clinic_id,
            patient_id=patient_id,
            starting=Interval(start, start + FOREVER),
            after=calendar_cursor(cursor),
            limit=limit + 1,
        )
    return page_of(rows, limit)
