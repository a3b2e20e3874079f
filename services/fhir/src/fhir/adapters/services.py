"""The four services' public HTTP APIs, called with the caller's own bearer token: every access
rule (clinic, care team, referring physician, scopes) stays in the services. Bodies and URLs are
never logged: they name patients."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

Json = Any


class ServiceUnavailable(Exception):
    def __init__(self, service: str) -> None:
        super().__init__(f"the {service} service is not answering")
        self.service = service


class ServiceRefused(Exception):
    """The service answered 4xx; ``body`` is its own answer (a message, or field errors)."""

    def __init__(self, service: str, status: int, body: Json) -> None:
        super().__init__(f"{service} refused with {status}")
        self.service = service
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Reply:
    status: int
    body: Json


class CallerServices:
    """The services as one caller may call them."""

    def __init__(self, http: httpx.AsyncClient, urls: Mapping[str, str], authorization: str) -> None:
        self._http = http
        self._urls = urls
        self._headers = {"Authorization": authorization}

    async def get(self, service: str, path: str, params: Mapping[str, str] | None = None) -> Json:
        return (await self.call("GET", service, path, params=params)).body

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        json: Json = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        try:
            response = await self._http.request(
                method, self._urls[service] + path, json=json, params=params, headers=self._headers
            )
        except httpx.HTTPError as error:
            raise ServiceUnavailable(service) from error
        if response.status_code >= 500:
            raise ServiceUnavailable(service)
        body = _json(response)
        if response.status_code >= 400:
            raise ServiceRefused(service, response.status_code, body)
        return Reply(response.status_code, body)


def _json(response: httpx.Response) -> Json:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.reason_phrase
