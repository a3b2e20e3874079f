"""All four services as real processes on a real broker and real PostgreSQL, reached only
through HTTP and Kafka."""

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from carecoord_local.compose import compose_system
from carecoord_local.ports import free_port
from carecoord_local.services import DEFAULT_PORTS, ServiceProcess
from carecoord_local.testing import NewDatabase, serving
from fastapi import FastAPI, Request, Response
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)


@dataclass
class System:
    urls: dict[str, str]
    processes: dict[str, ServiceProcess]


@dataclass
class ExportedSpan:
    service: str
    name: str
    trace_id: str
    kind: int


@dataclass
class Collector:
    """An OpenTelemetry collector's OTLP/HTTP trace endpoint: what the services export."""

    url: str
    spans: list[ExportedSpan] = field(default_factory=list)

    def accept(self, body: bytes) -> None:
        request = ExportTraceServiceRequest.FromString(body)
        for resource_spans in request.resource_spans:
            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    self.spans.append(
                        ExportedSpan(attributes["service.name"], span.name, span.trace_id.hex(), span.kind)
                    )


@pytest.fixture
async def collector() -> AsyncIterator[Collector]:
    app = FastAPI()
    port = free_port()
    collector = Collector(url=f"http://127.0.0.1:{port}")

    @app.post("/v1/traces")
    async def traces(request: Request) -> Response:
        collector.accept(await request.body())
        return Response(ExportTraceServiceResponse().SerializeToString(), media_type="application/x-protobuf")

    async with serving(app, port):
        yield collector


@pytest.fixture
async def system(
    new_database: NewDatabase,
    kafka_bootstrap: str,
    dev_keys: tuple[Path, Path],
    tmp_path: Path,
    collector: Collector,
) -> AsyncIterator[System]:
    settings = {
        "ENVIRONMENT": "test",
        "OUTBOX_SWEEP_SECONDS": "0.5",
        "WEBHOOK_ALLOW_INSECURE_TARGETS": "true",
        "DELIVERY_POLL_SECONDS": "0.2",
        "WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0.2, 0.5, 1]",
        "OTEL_EXPORTER_OTLP_ENDPOINT": collector.url,
        "OTEL_BSP_SCHEDULE_DELAY": "200",  # export every 0.2 s instead of 5 s
    }
    if os.environ.get("CARECOORD_COMPOSE") == "1":  # the images, started from deploy/compose.yaml
        services = list(DEFAULT_PORTS)
        with compose_system(services, dev_keys[0].parent, {name: settings for name in services}) as urls:
            yield System(urls, {})
        return
    run_id = uuid.uuid4().hex[:8]
    processes: dict[str, ServiceProcess] = {}
    for name in DEFAULT_PORTS:
        env = {
            **settings,
            "DATABASE_URL": await new_database(),
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "JWT_DEV_PUBLIC_KEY_PATH": str(dev_keys[1]),
            "CONSUMER_GROUP": f"{name}-{run_id}",
        }
        processes[name] = ServiceProcess(name, free_port(), env, tmp_path / f"{name}.log")
    try:
        for process in processes.values():
            process.start()
        for process in processes.values():
            await asyncio.to_thread(process.wait_ready)
        yield System({name: p.url for name, p in processes.items()}, processes)
    finally:
        for process in processes.values():
            process.stop()


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]

    def json(self) -> dict[str, object]:
        data: dict[str, object] = json.loads(self.body)
        return data


@dataclass
class WebhookReceiver:
    url: str
    received: list[Received] = field(default_factory=list)


@pytest.fixture
async def webhook_receiver() -> AsyncIterator[WebhookReceiver]:
    app = FastAPI()
    port = free_port()
    receiver = WebhookReceiver(url=f"http://127.0.0.1:{port}/hook")

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        receiver.received.append(Received(await request.body(), dict(request.headers)))
        return Response(status_code=204)

    async with serving(app, port):
        yield receiver


@pytest.fixture
def clinic_id() -> Iterator[str]:
    yield f"clinic-{uuid.uuid4().hex[:8]}"
