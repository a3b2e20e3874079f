"""The scheduling service in-process on a real database and broker, fed care plans through Kafka
exactly as referrals would publish them, and a reader of what it published."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from carecoord.auth import Role
from carecoord.envelope import CloudEvent
from carecoord.events import (
    AuthorizationSnapshot,
    CarePlanCreated,
    CarePlanSnapshot,
    CareTeamMember,
    Discipline,
    DisciplinePlan,
    Topic,
)
from carecoord.kafka import PARTITIONS
from carecoord_local.testing import MintToken, eventually

ZONE = ZoneInfo("America/New_York")
# The plan starts on a Monday well in the future, so "now" never falls inside the tests' window.
WINDOW_START = date.today() + timedelta(days=14 - date.today().weekday())
WINDOW_END = WINDOW_START + timedelta(days=41)
TEAM = {
    Discipline.PHYSICAL_THERAPY: "pt-1",
    Discipline.CHIROPRACTIC: "dc-1",
    Discipline.MEDICAL_MASSAGE: "lmt-1",
}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Clinic:
    client: httpx.AsyncClient
    mint: MintToken
    kafka: str
    clinic_id: str = field(default_factory=lambda: f"clinic-{uuid.uuid4().hex[:8]}")

    def as_role(self, role: Role, subject: str | None = None, clinic_id: str | None = None) -> dict[str, str]:
        return bearer(self.mint(role, clinic_id or self.clinic_id, subject=subject))

    @property
    def scheduler(self) -> dict[str, str]:
        return self.as_role(Role.SCHEDULER, "front-desk")

    async def add_provider(
        self, provider_id: str, discipline: Discipline, conditions: tuple[str, ...] = ()
    ) -> None:
        weekdays = [{"weekday": d, "start": "09:00", "end": "17:00"} for d in range(5)]
        body = {
            "id": provider_id,
            "display_name": provider_id,
            "discipline": discipline,
            "time_zone": "America/New_York",
            "conditions": list(conditions),
            "working_hours": weekdays,
            "breaks": [{"weekday": d, "start": "12:00", "end": "13:00"} for d in range(5)],
        }
        response = await self.client.post("/providers", json=body, headers=self.as_role(Role.ADMIN))
        assert response.status_code == 201, response.text

    async def add_team(self) -> None:
        for discipline, provider_id in TEAM.items():
            await self.add_provider(provider_id, discipline)

    def plan(self, patient_id: str | None = None, *, version: int = 1, **changes: Any) -> CarePlanSnapshot:
        fields: dict[str, Any] = {
            "clinic_id": self.clinic_id,
            "patient_id": patient_id or f"patient-{uuid.uuid4().hex[:8]}",
            "care_plan_id": f"plan-{uuid.uuid4().hex[:8]}",
            "referral_id": "referral-1",
            "referring_physician_id": "dr-osei",
            "version": version,
            "conditions": ["low back pain"],
            "goals": [],
            "disciplines": [
                DisciplinePlan(
                    discipline=d,
                    visits_per_week=2,
                    weeks=6,
                    window_start=WINDOW_START,
                    window_end=WINDOW_END,
                    techniques=[],
                    precautions=[],
                    spot_work_allowed=True,
                    provider_id=p,
                )
                for d, p in TEAM.items()
            ],
            "care_team": [CareTeamMember(provider_id=p, discipline=d) for d, p in TEAM.items()],
            "authorization": AuthorizationSnapshot(
                valid_from=WINDOW_START, valid_to=WINDOW_END, visits_authorized={d: 12 for d in TEAM}
            ),
            **changes,
        }
        return CarePlanCreated(**fields)

    async def publish(self, *events: CarePlanSnapshot) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.kafka, enable_idempotence=True)
        await producer.start()
        try:
            for event in events:
                subject = f"care-plans/{event.care_plan_id}"
                value, headers = CloudEvent(
                    type=event.type, source="/test", subject=subject, data=event.model_dump(mode="json")
                ).to_kafka()
                await producer.send_and_wait(
                    Topic.REFERRALS, value=value, key=event.patient_id.encode(), headers=headers
                )
        finally:
            await producer.stop()

    async def projected(self, event: CarePlanSnapshot) -> dict[str, Any]:
        """Publish the plan and wait until this service's projection shows that version."""
        await self.publish(event)
        return await self.wait_for_version(event.care_plan_id, event.version)

    async def wait_for_version(self, care_plan_id: str, version: int) -> dict[str, Any]:
        async def shown() -> dict[str, Any] | None:
            response = await self.client.get(f"/care-plans/{care_plan_id}", headers=self.as_role(Role.ADMIN))
            body: dict[str, Any] = response.json()
            return body if response.status_code == 200 and body["version"] == version else None

        found = await eventually(shown)
        assert isinstance(found, dict)
        return found

    async def book(
        self,
        plan: CarePlanSnapshot,
        discipline: Discipline,
        starts_at: datetime,
        minutes: int = 60,
        **extra: Any,
    ) -> httpx.Response:
        body = {
            "care_plan_id": plan.care_plan_id,
            "provider_id": extra.pop("provider_id", TEAM[discipline]),
            "discipline": discipline,
            "starts_at": starts_at.isoformat(),
            "duration_minutes": minutes,
            **extra,
        }
        return await self.client.post("/appointments", json=body, headers=self.scheduler)


async def published(kafka: str, subjects: set[str]) -> list[CloudEvent]:
    """Everything on the scheduling topic about these subjects, read from the start."""
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(Topic.SCHEDULING, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[CloudEvent] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    event = CloudEvent.from_kafka(record.value, list(record.headers))
                    if event.subject in subjects:
                        found.append(event)
        return found
    finally:
        await consumer.stop()


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)
