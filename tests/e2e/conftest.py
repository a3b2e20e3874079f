"""All four services as real processes on a real broker and real PostgreSQL, reached only
through HTTP and Kafka."""

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from carecoord_local.ports import free_port
from carecoord_local.services import DEFAULT_PORTS, ServiceProcess
from carecoord_local.testing import NewDatabase, eventually
from fastapi import FastAPI, Request, Response


@dataclass
class System:
    urls: dict[str, str]
    processes: dict[str, ServiceProcess]


@pytest.fixture
async def system(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], tmp_path: Path
) -> AsyncIterator[System]:
    run_id = uuid.uuid4().hex[:8]
    processes: dict[str, ServiceProcess] = {}
    for name in DEFAULT_PORTS:
        env = {
            "ENVIRONMENT": "test",
            "DATABASE_URL": await new_database(),
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "JWT_DEV_PUBLIC_KEY_PATH": str(dev_keys[1]),
            "CONSUMER_GROUP": f"{name}-{run_id}",
            "OUTBOX_SWEEP_SECONDS": "0.5",
            "WEBHOOK_ALLOW_INSECURE_TARGETS": "true",
            "DELIVERY_POLL_SECONDS": "0.2",
            "WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0.2, 0.5, 1]",
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

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        return server.started

    await eventually(started, within=10)
    yield receiver
    server.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await task


@pytest.fixture
def clinic_id() -> Iterator[str]:
    yield f"clinic-{uuid.uuid4().hex[:8]}"
