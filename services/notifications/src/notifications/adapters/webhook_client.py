"""Sends one signed webhook over HTTP and reports what happened."""

import json
import time
from dataclasses import dataclass

import httpx

from notifications.domain.webhooks import sign


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    latency_ms: float
    error: str | None
    retry_after_seconds: float | None


class WebhookClient:
    def __init__(self, timeout_seconds: float) -> None:
        self._http = httpx.AsyncClient(timeout=timeout_seconds, follow_redirects=False)

    async def send(self, url: str, secret: str, message_id: str, payload: dict[str, object]) -> AttemptResult:
        body = json.dumps(payload, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body),
        }
        started = time.perf_counter()
        try:
            response = await self._http.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            return AttemptResult(None, _since(started), f"{type(error).__name__}: {error}"[:500], None)
        return AttemptResult(response.status_code, _since(started), None, _retry_after(response))

    async def close(self) -> None:
        await self._http.aclose()


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _retry_after(response: httpx.Response) -> float | None:
    if response.status_code not in (429, 503):
        return None
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None
