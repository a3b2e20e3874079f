"""One HTTP step of a workload and what its answer proves: acknowledged (2xx), refused by an
outage (503: nothing was written, retry), or indeterminate (the connection broke after the
request left, so it may or may not have happened)."""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx

RETRY_STATUSES = {503}
# The request never reached the server: safe to send again.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Indeterminate(Exception):
    """The request may have been applied; the workload does not retry it."""


class Unexpected(AssertionError):
    """A status the system must never answer here (a 500, or a 4xx to a valid request)."""


class Calls:
    """Sends requests with retry on refusals and counts what happened to them."""

    def __init__(
        self, http: httpx.AsyncClient, resolve: Callable[[str], str], step_deadline: float = 90.0
    ) -> None:
        self.http = http
        self.resolve = resolve  # service name -> base URL of a live replica, per attempt
        self.step_deadline = step_deadline
        self.counts: Counter[str] = Counter()
        self.unexpected: list[str] = []
        self.server_errors: list[tuple[float, str]] = []

    async def send(
        self,
        method: str,
        service: str,
        path: str,
        *,
        ok: tuple[int, ...],
        wait_on: tuple[int, ...] = (),
        token: str,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Until ``ok`` answers, retry 503s, connection refusals and ``wait_on`` statuses (a
        projection not there yet); raise Indeterminate when the outcome cannot be known."""
        deadline = time.monotonic() + self.step_deadline
        all_headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        while True:
            self.counts["sent"] += 1
            url = f"{self.resolve(service)}{path}"
            try:
                response = await self.http.request(method, url, json=json, headers=all_headers)
            except NOT_SENT:
                self.counts["connection refused"] += 1
            except httpx.TransportError as error:
                self.counts["indeterminate"] += 1
                raise Indeterminate(f"{method} {url}: {error!r}") from error
            else:
                if response.status_code in ok:
                    return response
                if response.status_code in RETRY_STATUSES:
                    self.counts[f"{response.status_code}"] += 1
                elif response.status_code >= 500:
                    # A bug, and it says nothing about whether the write happened: the flow
                    # stops here and the scenario fails on it (unless it is a known bug).
                    self.server_errors.append(
                        (time.monotonic(), f"{method} {service}{path} -> {response.status_code}")
                    )
                    raise Indeterminate(f"{method} {service}{path}: {response.status_code}")
                elif response.status_code not in wait_on:
                    message = f"{method} {url} -> {response.status_code} {response.text[:300]}"
                    self.unexpected.append(message)
                    raise Unexpected(message)
            if time.monotonic() > deadline:
                raise Indeterminate(
                    f"{method} {service}{path}: no answer in {ok} within {self.step_deadline}s"
                )
            await asyncio.sleep(0.2)
