"""The four services' public HTTP APIs, called with the signed-in user's own bearer token.

A refusal (4xx) carries the service's own message; an outage (no answer, a timeout, a 5xx) is
told apart so a page can say which service is down and keep what the user typed. Bodies are never
logged: they hold patient data."""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx


class ServiceUnavailable(Exception):
    def __init__(self, service: str) -> None:
        super().__init__(f"the {service} service is not answering")
        self.service = service


class ServiceRefused(Exception):
    """The service answered 4xx; ``detail`` is its problem's message or its list of field errors."""

    def __init__(self, service: str, status: int, detail: object) -> None:
        super().__init__(f"{service} refused with {status}")
        self.service = service
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Reply:
    body: Any
    etag: str | None


class UserServices:
    """The services as one signed-in user may call them."""

    def __init__(self, http: httpx.AsyncClient, urls: Mapping[str, str], token: str) -> None:
        self._http = http
        self._urls = urls
        self._headers = {"Authorization": f"Bearer {token}"}

    async def get(self, service: str, path: str, params: Mapping[str, str] | None = None) -> Reply:
        return await self.call("GET", service, path, params=params)

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        json: object = None,
        params: Mapping[str, str] | None = None,
        if_match: str | None = None,
    ) -> Reply:
        headers = {**self._headers, **({"If-Match": if_match} if if_match else {})}
        try:
            response = await self._http.request(
                method, self._urls[service] + path, json=json, params=params, headers=headers
            )
        except httpx.HTTPError as error:
            raise ServiceUnavailable(service) from error
        if response.status_code >= 500:
            raise ServiceUnavailable(service)
        if response.status_code >= 400:
            raise ServiceRefused(service, response.status_code, _detail(response))
        body = response.json() if response.content else None
        return Reply(body, response.headers.get("ETag"))

    @asynccontextmanager
    async def stream_lines(
        self, service: str, path: str, last_event_id: str | None
    ) -> AsyncIterator[AsyncIterator[str]]:
        """The lines of a server-sent events stream, for as long as the caller reads them."""
        headers = {**self._headers, "Accept": "text/event-stream"}
        if last_event_id and last_event_id.isdigit():
            headers["Last-Event-ID"] = last_event_id
        try:
            async with self._http.stream(
                "GET", self._urls[service] + path, headers=headers, timeout=httpx.Timeout(10, read=None)
            ) as response:
                if response.status_code != 200:
                    raise ServiceRefused(service, response.status_code, "the live stream was refused")
                yield response.aiter_lines()
        except httpx.HTTPError as error:
            raise ServiceUnavailable(service) from error


def _detail(response: httpx.Response) -> object:
    """A problem's (RFC 9457) message, or its invalid fields as ``loc``/``msg`` for the forms."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase
    if not isinstance(body, dict):
        return body
    if isinstance(body.get("errors"), list):
        return [{"loc": error.get("loc", []), "msg": error.get("detail")} for error in body["errors"]]
    if isinstance(body.get("visit_index"), int):  # scheduling names the one visit of a series it refused
        return [{"loc": ["body", "visits", body["visit_index"]], "msg": body.get("detail")}]
    return body.get("detail", response.reason_phrase)
