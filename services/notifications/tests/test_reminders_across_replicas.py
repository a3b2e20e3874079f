"""Reminders and check-ins are rows in the database: a restart loses none, and with two replicas
each fires once."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import sqlalchemy as sa
from carecoord.auth import Role
from carecoord.events import AppointmentBooked, AppointmentCompleted
from carecoord_local.testing import MintToken, eventually
from notifications.adapters.tables import email_messages, scheduled_notices
from sqlalchemy.ext.asyncio import create_async_engine

from .conftest import Publish, ServiceFactory, SmtpSink, bearer
from .test_inbox_and_email import care_plan

LEAD = 3600.0


async def notices(database_url: str, patient_id: str) -> list[tuple[str, str]]:
    """This patient's scheduled notices (the topics also carry other tests' events)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                sa.select(scheduled_notices.c.kind, scheduled_notices.c.status).where(
                    scheduled_notices.c.patient_id == patient_id
                )
            )
            return sorted((row.kind, row.status) for row in rows)
    finally:
        await engine.dispose()


async def fall_due(database_url: str, patient_id: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                scheduled_notices.update()
                .where(scheduled_notices.c.patient_id == patient_id)
                .values(due_at=sa.func.now())
            )
    finally:
        await engine.dispose()


async def reminders_sent(database_url: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return int(
                await connection.scalar(
                    sa.select(sa.func.count()).where(
                        email_messages.c.status == "sent", email_messages.c.source_key.startswith("reminder:")
                    )
                )
                or 0
            )
    finally:
        await engine.dispose()


async def test_a_reminder_scheduled_before_a_restart_fires_once_across_two_replicas(
    service: ServiceFactory,
    database_url: str,
    publish: Publish,
    mint_token: MintToken,
    smtp: SmtpSink,
    clinic_id: str,
) -> None:
    patient_id = str(uuid.uuid4())
    # Due in an hour: the first replica schedules it and cannot fire it, however slow the machine;
    # once it has stopped, the test moves the due time to now, as the hour passing would.
    starts = datetime.now(UTC) + timedelta(seconds=2 * LEAD)
    mail = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "reminder_lead_seconds": LEAD}
    async with service(**mail) as first:
        admin = bearer(mint_token(Role.ADMIN, clinic_id))
        await first.put(f"/recipients/{patient_id}", json={"email": "dana@example.org"}, headers=admin)
        await publish(
            AppointmentBooked(
                clinic_id=clinic_id,
                patient_id=patient_id,
                appointment_id=str(uuid.uuid4()),
                care_plan_id=None,
                provider_id="lmt-1",
                discipline="medical_massage",  # type: ignore[arg-type]
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
            )
        )

        async def scheduled() -> bool:
            return await notices(database_url, patient_id) == [("reminder", "scheduled")]

        await eventually(scheduled)

    await fall_due(database_url, patient_id)
    async with service(**mail), service(**mail):

        async def fired() -> bool:
            return (
                await notices(database_url, patient_id) == [("reminder", "fired")]
                and await reminders_sent(database_url) == 1
            )

        await eventually(fired)
    booking, reminder = smtp.to("dana@example.org")  # the booking confirmation came first
    assert booking["Subject"].strip().startswith("CareCoord: Your appointment is booked")
    assert (
        reminder["Subject"].strip()
        == f"CareCoord: Reminder: your medical massage on {starts:%a %d %b %Y %H:%M UTC}"
    )


async def test_a_deep_pressure_session_earns_a_check_in_and_a_cancelled_booking_no_reminder(
    client: httpx.AsyncClient,
    publish: Publish,
    mint_token: MintToken,
    smtp: SmtpSink,
    database_url: str,
    clinic_id: str,
) -> None:
    patient_id = str(uuid.uuid4())
    admin = bearer(mint_token(Role.ADMIN, clinic_id))
    await client.put(f"/recipients/{patient_id}", json={"email": "sam@example.org"}, headers=admin)
    plan = care_plan(clinic_id, patient_id, "r-1", ["lmt-1"])  # massage with deep tissue work
    await publish(plan)
    ended = datetime.now(UTC) - timedelta(days=1, minutes=5)  # the default check-in delay is a day
    await publish(
        AppointmentCompleted(
            clinic_id=clinic_id,
            patient_id=patient_id,
            appointment_id=str(uuid.uuid4()),
            care_plan_id=plan.care_plan_id,
            provider_id="lmt-1",
            discipline="medical_massage",  # type: ignore[arg-type]
            starts_at=ended - timedelta(hours=1),
            ends_at=ended,
        )
    )

    async def checked_in() -> bool:
        return len(smtp.to("sam@example.org")) == 1

    await eventually(checked_in)
    [message] = smtp.to("sam@example.org")  # a completed session sends no other patient email
    assert "soreness" in message.get_payload()[0].get_payload(decode=True).decode()
    assert await notices(database_url, patient_id) == [("check_in", "fired")]
