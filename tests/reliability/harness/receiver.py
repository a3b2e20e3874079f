"""A webhook receiver in the test's process that records every request and answers as the
scenario says: 2xx, a failure status, or silence longer than the sender's timeout."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from carecoord_local.ports import free_port
from carecoord_local.testing import serving
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

HANG = -1  # answer nothing until the sender has given up


@dataclass(frozen=True)
class Hit:
    webhook_id: str
    headers: dict[str, str]
    body: bytes
    at: float
    answered: int


@dataclass
class WebhookReceiver:
    url: str
    hits: list[Hit] = field(default_factory=list)
    answer: Callable[[str], int] = lambda webhook_id: 204
    hang_seconds: float = 5.0

    async def _hook(self, request: Request) -> Response:
        body = await request.body()
        webhook_id = request.headers.get("webhook-id", "")
        status = self.answer(webhook_id)
        self.hits.append(Hit(webhook_id, dict(request.headers), body, time.monotonic(), status))
        if status == HANG:
            await asyncio.sleep(self.hang_seconds)
            return Response(status_code=504)
        return Response(status_code=status)

    def accepted_ids(self) -> set[str]:
        return {hit.webhook_id for hit in self.hits if 200 <= hit.answered < 300}

    def unverifiable(self, secrets: list[str]) -> list[Hit]:
        """Hits whose Standard Webhooks signature verifies with none of ``secrets``."""
        return [hit for hit in self.hits if not any(_verifies(secret, hit) for secret in secrets)]

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls) -> AsyncIterator["WebhookReceiver"]:
        port = free_port()
        receiver = cls(url=f"http://127.0.0.1:{port}/hook")
        app = Starlette(routes=[Route("/hook", receiver._hook, methods=["POST"])])
        async with serving(app, port):
            yield receiver


def _verifies(secret: str, hit: Hit) -> bool:
    try:
        Webhook(secret).verify(hit.body, hit.headers)
    except Exception:
        return False
    return True
