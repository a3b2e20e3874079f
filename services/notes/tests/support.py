"""Helpers for the integration tests: publish other services' events for real, read ours back."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from carecoord.auth import Role
from carecoord.envelope import CloudEvent
from carecoord.events import (
    AppointmentCompleted,
    AuthorizationSnapshot,
    CarePlanCreated,
    CareTeamMember,
    Discipline,
    DisciplinePlan,
    Event,
    GoalSnapshot,
    Topic,
)
from carecoord.events.vocabulary import Comparator
from carecoord_local.testing import MintToken, running_app, service_environment
from notes.bootstrap import build_app
from notes.config import NotesSettings

CLINIC = "clinic-a"
PHYSICIAN = "dr-osei"
MASSAGE_THERAPIST, CHIROPRACTOR, PHYSICAL_THERAPIST = "lmt-1", "dc-1", "pt-1"
PROVIDER_ROLES = {
    MASSAGE_THERAPIST: (Role.MASSAGE_THERAPIST, Discipline.MEDICAL_MASSAGE),
    CHIROPRACTOR: (Role.CHIROPRACTOR, Discipline.CHIROPRACTIC),
    PHYSICAL_THERAPIST: (Role.PHYSICAL_THERAPIST, Discipline.PHYSICAL_THERAPY),
}


@asynccontextmanager
async def notes_service(
    database_url: str, kafka_bootstrap: str, dev_keys: tuple[Path, Path], **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    environment = {**service_environment(database_url, kafka_bootstrap, dev_keys), **overrides}
    async with running_app(build_app(NotesSettings(**environment))) as client:
        yield client


async def publish(bootstrap: str, *events: Event) -> None:
    """Publish as the producing service would: a CloudEvent on its topic, keyed by patient."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        for event in events:
            value, headers = CloudEvent(
                type=event.type, source="/test", subject="test", data=event.model_dump(mode="json")
            ).to_kafka()
            await producer.send_and_wait(
                str(event.topic), value=value, key=event.patient_id.encode(), headers=headers
            )
    finally:
        await producer.stop()


async def published_by_notes(bootstrap: str, patient_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Every (type, data) the notes service has published for this patient so far."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()  # so the topic's partitions are known
        partitions = [
            TopicPartition(Topic.NOTES, p) for p in consumer.partitions_for_topic(Topic.NOTES) or []
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[tuple[str, dict[str, Any]]] = []
        for partition in partitions:
            while await consumer.position(partition) < ends[partition]:
                for message in (await consumer.getmany(partition, timeout_ms=500)).get(partition, []):
                    if message.key == patient_id.encode() and message.offset < ends[partition]:
                        event = CloudEvent.from_kafka(message.value, list(message.headers))
                        found.append((event.type, event.data))
        return found
    finally:
        await _stop(consumer)


async def _stop(consumer: AIOKafkaConsumer) -> None:
    """aiokafka 0.14 can cancel its group-less coordinator task before it ever ran, and then
    re-raises that CancelledError from stop(); only a cancellation of the caller is real."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise


def care_plan(patient_id: str, *, visits: dict[Discipline, int] | None = None) -> CarePlanCreated:
    visits = visits or {
        Discipline.MEDICAL_MASSAGE: 4,
        Discipline.CHIROPRACTIC: 2,
        Discipline.PHYSICAL_THERAPY: 2,
    }
    start = date(2026, 3, 1)
    return CarePlanCreated(
        clinic_id=CLINIC,
        patient_id=patient_id,
        care_plan_id=f"cp-{patient_id}",
        referral_id=f"ref-{patient_id}",
        referring_physician_id=PHYSICIAN,
        version=1,
        conditions=["low back pain"],
        goals=[
            GoalSnapshot(
                goal_id="g-pain",
                metric="pain_nrs",
                body_region="low_back",
                baseline=7,
                target=3,
                comparator=Comparator.AT_MOST,
                due_on=date(2026, 4, 15),
            ),
            GoalSnapshot(
                goal_id="g-rotation",
                metric="cervical_rotation_deg",
                body_region=None,
                baseline=45,
                target=70,
                comparator=Comparator.AT_LEAST,
                due_on=date(2026, 4, 15),
            ),
        ],
        disciplines=[
            DisciplinePlan(
                discipline=discipline,
                visits_per_week=1,
                weeks=count,
                window_start=start,
                window_end=start + timedelta(weeks=count),
                techniques=[],
                precautions=["no_deep_pressure"] if discipline is Discipline.MEDICAL_MASSAGE else [],
                spot_work_allowed=True,
                provider_id=None,
            )
            for discipline, count in visits.items()
        ],
        care_team=[
            CareTeamMember(provider_id=provider, discipline=discipline)
            for provider, (_, discipline) in PROVIDER_ROLES.items()
        ],
        authorization=AuthorizationSnapshot(
            valid_from=start, valid_to=start + timedelta(weeks=8), visits_authorized=visits
        ),
    )


def completed(
    patient_id: str, provider: str, *, minutes: int = 30, ago: timedelta = timedelta(hours=1)
) -> AppointmentCompleted:
    starts_at = datetime.now(UTC).replace(microsecond=0) - ago
    return AppointmentCompleted(
        clinic_id=CLINIC,
        patient_id=patient_id,
        appointment_id=f"appt-{uuid.uuid4().hex[:8]}",
        care_plan_id=f"cp-{patient_id}",
        provider_id=provider,
        discipline=PROVIDER_ROLES[provider][1],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
    )


def new_patient() -> str:
    return f"p-{uuid.uuid4().hex[:10]}"


def bearer(
    mint_token: MintToken, subject: str, role: Role | None = None, clinic: str = CLINIC
) -> dict[str, str]:
    role = role or PROVIDER_ROLES[subject][0]
    return {"Authorization": f"Bearer {mint_token(role, clinic, subject=subject)}"}


def types_of(events: list[tuple[str, dict[str, Any]]], note_id: str | None = None) -> list[str]:
    return [kind for kind, data in events if note_id is None or data.get("note_id") == note_id]
