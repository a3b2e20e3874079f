"""Sends one signed webhook over HTTP and reports what happened.

The host name is resolved and checked just before sending (SSRF guard at delivery time), so a
public name re-pointed at a private address is refused. Redirects are not followed for the same
reason.
"""

import asyncio
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from carecoord.telemetry import traced

from notifications.domain.webhooks import TargetPolicy, UnsafeTarget, signature_header


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    latency_ms: float
    error: str | None
    retry_after_seconds: float | None


class WebhookClient:
    def __init__(self, timeout_seconds: float, policy: TargetPolicy) -> None:
        self._http = traced(
            httpx.AsyncClient(
                timeout=timeout_seconds,
                follow_redirects=False,
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
            )
        )
        self._policy = policy

    async def send(
        self, url: str, secrets: list[str], message_id: str, payload: dict[str, object]
    ) -> AttemptResult:
        body = json.dumps(payload, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(secrets, message_id, timestamp, body),
        }
        started = time.perf_counter()
        try:
            await self._check_resolved(url)
            response = await self._http.post(url, content=body, headers=headers)
        except UnsafeTarget as error:
            return AttemptResult(None, _since(started), f"refused: {error}", None)
        except (httpx.HTTPError, OSError) as error:
            return AttemptResult(None, _since(started), f"{type(error).__name__}: {error}"[:500], None)
        return AttemptResult(response.status_code, _since(started), None, _retry_after(response))

    async def _check_resolved(self, url: str) -> None:
        if self._policy.allow_private:
            return
        host = urlsplit(url).hostname or ""
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        self._policy.check_resolved([str(info[4][0]) for info in infos])

    async def close(self) -> None:
        await self._http.aclose()


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _retry_after(response: httpx.Response) -> float | None:
    if response.status_code not in (429, 503):
        return None
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None
