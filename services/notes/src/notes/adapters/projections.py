"""Local copies of other services' facts this service decides with: appointments and care plans.

Kept from their events so that no request calls scheduling or referrals."""

from typing import Any

import sqlalchemy as sa
from carecoord.events import AppointmentBooked, CarePlanSnapshot
from carecoord.events.scheduling import AppointmentEvent
from carecoord.events.vocabulary import Discipline
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notes.adapters.tables import appointments, care_plans
from notes.domain.note import Visit
from notes.domain.plan import CarePlan


async def record_appointment(connection: AsyncConnection, event: AppointmentEvent, status: str) -> None:
    values: dict[str, Any] = {
        "clinic_id": event.clinic_id,
        "patient_id": event.patient_id,
        "provider_id": event.provider_id,
        "discipline": event.discipline,
        "care_plan_id": event.care_plan_id,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "status": status,
    }
    if isinstance(event, AppointmentBooked):  # only the booking says whether it is nested
        values["spot_work"] = event.host_appointment_id is not None
    await connection.execute(
        insert(appointments)
        .values(appointment_id=event.appointment_id, **values)
        .on_conflict_do_update(index_elements=[appointments.c.appointment_id], set_=values)
    )


async def load_appointment(
    connection: AsyncConnection, clinic_id: str, appointment_id: str
) -> tuple[Visit, str] | None:
    """The visit and its status, or None when unknown here or in another clinic."""
    row = (
        await connection.execute(
            sa.select(appointments).where(
                appointments.c.appointment_id == appointment_id, appointments.c.clinic_id == clinic_id
            )
        )
    ).first()
    if row is None:
        return None
    visit = Visit(
        appointment_id=row.appointment_id,
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        provider_id=row.provider_id,
        discipline=Discipline(row.discipline),
        care_plan_id=row.care_plan_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
    )
    return visit, row.status


async def record_care_plan(connection: AsyncConnection, event: CarePlanSnapshot) -> None:
    """The newest version wins; a late, older snapshot changes nothing."""
    values: dict[str, Any] = {
        "clinic_id": event.clinic_id,
        "patient_id": event.patient_id,
        "referring_physician_id": event.referring_physician_id,
        "version": event.version,
        "snapshot": event.model_dump(mode="json", include={"goals", "disciplines", "authorization"}),
    }
    await connection.execute(
        insert(care_plans)
        .values(care_plan_id=event.care_plan_id, **values)
        .on_conflict_do_update(
            index_elements=[care_plans.c.care_plan_id],
            set_=values,
            where=care_plans.c.version <= event.version,
        )
    )


async def load_care_plan(connection: AsyncConnection, care_plan_id: str | None) -> CarePlan | None:
    if care_plan_id is None:
        return None
    row = (
        await connection.execute(sa.select(care_plans).where(care_plans.c.care_plan_id == care_plan_id))
    ).first()
    if row is None:
        return None
    return CarePlan.from_snapshot(
        row.care_plan_id, row.clinic_id, row.patient_id, row.referring_physician_id, row.snapshot
    )
