"""Fixtures for the notifications service's integration tests: the service in-process on the real
database and broker, a scriptable webhook receiver and a real SMTP server, both on loopback, and a
publisher that puts real CloudEvents on the other services' topics."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from carecoord.envelope import CloudEvent
from carecoord.events import Event
from carecoord.kafka import make_producer
from carecoord_local.ports import free_port
from carecoord_local.testing import NewDatabase, running_app, service_environment, serving
from notifications.bootstrap import build_app
from notifications.config import NotificationsSettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# -- the service -----------------------------------------------------------------------------

FAST = {
    "webhook_allow_insecure_targets": True,
    "webhook_timeout_seconds": 1.0,
    "webhook_retry_schedule_seconds": [0.2, 0.4, 0.8, 1.6],
    "delivery_poll_seconds": 0.1,
    "scheduler_poll_seconds": 0.2,
    "inbox_stream_poll_seconds": 0.1,
}

ServiceFactory = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def settings_for(kafka_bootstrap: str, dev_keys: tuple[Path, Path]) -> Callable[..., NotificationsSettings]:
    def make(database_url: str, **overrides: Any) -> NotificationsSettings:
        values = {**service_environment(database_url, kafka_bootstrap, dev_keys), **FAST, **overrides}
        return NotificationsSettings(**values)

    return make


@pytest.fixture
async def database_url(new_database: NewDatabase) -> str:
    return await new_database()


@pytest.fixture
def service(settings_for: Callable[..., NotificationsSettings], database_url: str) -> ServiceFactory:
    """Starts the service (one replica per call) on the test's database."""

    def start(**overrides: Any) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        return running_app(build_app(settings_for(database_url, **overrides)))

    return start


@pytest.fixture
async def client(service: ServiceFactory, smtp: "SmtpSink") -> AsyncIterator[httpx.AsyncClient]:
    async with service(smtp_host="127.0.0.1", smtp_port=smtp.port) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def clinic_id() -> str:
    return f"clinic-{uuid.uuid4().hex[:8]}"


# -- events on the other services' topics ----------------------------------------------------

Publish = Callable[..., Any]


@pytest.fixture
async def publish(kafka_bootstrap: str) -> AsyncIterator[Publish]:
    producer = make_producer(kafka_bootstrap)
    await producer.start()

    async def send(event: Event, *, envelope: CloudEvent | None = None) -> CloudEvent:
        envelope = envelope or CloudEvent(
            type=event.type,
            source="/carecoord/test",
            subject=f"patients/{event.patient_id}",
            data=event.model_dump(mode="json"),
        )
        value, headers = envelope.to_kafka()
        await producer.send_and_wait(
            str(event.topic), value=value, key=event.patient_id.encode(), headers=headers
        )
        return envelope

    yield send
    await producer.stop()


# -- a webhook receiver on loopback that does what the test scripts ---------------------------


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]
    answered: int | None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    url: str
    script: list[int | float] = field(default_factory=list)
    """Answers in order, then 204: an int is a status code, a float a delay past any timeout."""
    received: list[Received] = field(default_factory=list)

    def of_type(self, event_type: str) -> list[Received]:
        return [r for r in self.received if r.json()["type"] == event_type]


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    port = free_port()
    receiver = WebhookReceiver(url=f"http://127.0.0.1:{port}/hook")

    async def hook(request: Request) -> Response:
        body = await request.body()
        step = receiver.script.pop(0) if receiver.script else 204
        if isinstance(step, float):
            receiver.received.append(Received(body, dict(request.headers), None))
            await asyncio.sleep(step)
            return Response(status_code=204)
        receiver.received.append(Received(body, dict(request.headers), step))
        return Response(status_code=step)

    async with serving(Starlette(routes=[Route("/hook", hook, methods=["POST"])]), port):
        yield receiver


# -- a real SMTP server on loopback ----------------------------------------------------------


@dataclass
class SmtpSink:
    port: int
    messages: list[Message] = field(default_factory=list)

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(
            message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Any:
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()
