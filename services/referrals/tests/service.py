"""The referrals service in-process against the real database and broker, plus what the
integration tests need around it: tokens, real CloudEvents in and out of Kafka, and a look at
the service's own inbox and outbox."""

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from carecoord.auth import Role
from carecoord.db import inbox, outbox
from carecoord.envelope import CloudEvent
from carecoord.events import Event
from carecoord.runtime import ServiceRuntime
from carecoord_local.testing import MintToken, eventually, running_app, service_environment
from referrals.bootstrap import build_app
from referrals.config import ReferralsSettings
from sqlalchemy.ext.asyncio import create_async_engine

TODAY = datetime.now(UTC).date()  # the day the service's jobs see


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def referral_body(mrn: str = "MRN-7", visits: int = 12, valid_to: date | None = None) -> dict[str, Any]:
    valid_to = valid_to or TODAY + timedelta(days=60)
    return {
        "patient": {"mrn": mrn, "given_name": "Sam", "family_name": "Lee"},
        "referring_physician": {"name": "Dr. Kim", "npi": "1234567893"},
        "diagnosis_codes": ["M54.50"],
        "conditions": ["low back pain"],
        "body_regions": [{"region": "lumbar"}],
        "requested_disciplines": [{"discipline": "medical_massage", "visits_per_week": 2, "weeks": 6}],
        "precautions": ["no_deep_pressure"],
        "insurance": {
            "payer": "Acme Health",
            "member_id": "M-1",
            "authorization_number": "A-1",
            "valid_from": (valid_to - timedelta(days=60)).isoformat(),
            "valid_to": valid_to.isoformat(),
            "visits_authorized": {"medical_massage": visits},
        },
    }


ACCEPTANCE = {
    "goals": [
        {
            "metric": "pain_nrs",
            "body_region": {"region": "lumbar"},
            "baseline": 7,
            "target": 3,
            "comparator": "at_most",
            "due_on": (TODAY + timedelta(weeks=6)).isoformat(),
        }
    ],
    "plan_items": [
        {"discipline": "medical_massage", "techniques": ["myofascial_release"], "spot_work_allowed": True}
    ],
    "care_team": [
        {"provider_id": "mt-ana", "discipline": "medical_massage"},
        {"provider_id": "coord-1", "coordinator": True},
    ],
}


@dataclass
class Service:
    client: httpx.AsyncClient
    settings: ReferralsSettings
    mint_token: MintToken
    runtime: ServiceRuntime
    clinic: str = "clinic-a"

    def as_(self, role: Role, subject: str) -> dict[str, str]:
        return bearer(self.mint_token(role, self.clinic, subject=subject))

    async def refer(self, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.post(
            "/referrals", json=body or referral_body(), headers=self.as_(Role.PHYSICIAN, "dr-kim")
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def accept(self, referral_id: str) -> dict[str, Any]:
        response = await self.client.post(
            f"/referrals/{referral_id}/accept", json=ACCEPTANCE, headers=self.as_(Role.ADMIN, "admin-1")
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def scalar(self, query: sa.Executable) -> Any:
        engine = create_async_engine(self.settings.database_url)
        try:
            async with engine.connect() as connection:
                return await connection.scalar(query)
        finally:
            await engine.dispose()

    async def all_published(self) -> None:
        """Wait until the outbox relay has handed every committed event to Kafka."""
        await eventually(lambda: self._outbox_empty(), within=60)

    async def _outbox_empty(self) -> bool:
        return bool(await self.scalar(sa.select(sa.func.count()).select_from(outbox)) == 0)

    async def handled(self, event_id: str) -> None:
        """Wait until the consumer committed the effects of this event."""
        query = sa.select(sa.func.count()).select_from(inbox).where(inbox.c.event_id == event_id)
        await eventually(lambda: self.scalar(query), within=60)


@contextlib.asynccontextmanager
async def run_service(
    database_url: str,
    kafka_bootstrap: str,
    dev_keys: tuple[Path, Path],
    mint_token: MintToken,
    **overrides: Any,
) -> AsyncIterator[Service]:
    environment: dict[str, Any] = {
        **service_environment(database_url, kafka_bootstrap, dev_keys),
        **overrides,
    }
    settings = ReferralsSettings(**environment)
    app = build_app(settings)
    async with running_app(app) as client:
        yield Service(client, settings, mint_token, app.state.runtime)


async def publish(bootstrap: str, event: Event, *, event_id: str | None = None) -> str:
    """Send ``event`` as a real CloudEvent on its topic, keyed by patient like every producer."""
    cloud_event = CloudEvent(
        type=event.type,
        source="/tests",
        subject="tests",
        data=event.model_dump(mode="json"),
        id=event_id or str(uuid.uuid4()),
    )
    value, headers = cloud_event.to_kafka()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            str(event.topic), value=value, key=event.patient_id.encode(), headers=headers
        )
    finally:
        await producer.stop()
    return cloud_event.id


async def events_on(bootstrap: str, topic: str, key: str) -> list[tuple[str, CloudEvent]]:
    """Every event on ``topic`` so far with this key, in order, with the key it carried: read to
    the end offsets taken at the start, so the answer is complete rather than timed."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or set()]
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or set()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[tuple[str, CloudEvent]] = []
        for partition in partitions:
            while await consumer.position(partition) < ends[partition]:
                for message in (await consumer.getmany(partition, timeout_ms=1000)).get(partition, []):
                    if message.offset < ends[partition] and message.key == key.encode():
                        found.append(
                            (
                                message.key.decode(),
                                CloudEvent.from_kafka(message.value, list(message.headers)),
                            )
                        )
        return found  # one key lives on one partition, so this is the order they were produced in
    finally:
        await consumer.stop()
