"""Resource limits (OWASP API4), the same in every service: request bodies at most 1 MB however
they are sent, every list at most 100 items a page, and a request answered within its time limit
or refused with 503."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from carecoord.auth import Role
from carecoord.deps import MAX_PAGE_SIZE
from carecoord_local.testing import MintToken, NewDatabase, running_app, service_environment
from fastapi import FastAPI
from referrals.bootstrap import build_app
from referrals.config import ReferralsSettings

from .conftest import System

MAX_BODY = 1_000_000
WRITES = {  # one write endpoint per service; the body is refused before any route reads it
    "referrals": "/referrals",
    "scheduling": "/appointments",
    "notes": "/notes/any",
    "notifications": "/subscriptions",
}


def admin(mint: MintToken) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint(Role.ADMIN, 'clinic-limits', subject='admin-1')}"}


@pytest.mark.parametrize("service", WRITES)
async def test_a_body_over_the_cap_is_refused_whether_its_length_is_declared_or_not(
    service: str, system: System, mint_token: MintToken
) -> None:
    url = f"{system.urls[service]}{WRITES[service]}"
    oversized = b'{"padding": "' + b"x" * MAX_BODY + b'"}'

    async def chunked() -> AsyncIterator[bytes]:
        for start in range(0, len(oversized), 64_000):
            yield oversized[start : start + 64_000]

    method = "PUT" if service == "notes" else "POST"
    headers = {**admin(mint_token), "content-type": "application/json"}
    async with httpx.AsyncClient(timeout=30) as http:
        declared = await http.request(method, url, content=oversized, headers=headers)
        streamed = await http.request(method, url, content=chunked(), headers=headers)
    assert (declared.status_code, streamed.status_code) == (413, 413)


async def test_every_list_endpoint_caps_its_page_at_the_same_size(
    system: System, mint_token: MintToken
) -> None:
    capped = []
    async with httpx.AsyncClient(timeout=30) as http:
        for service, url in system.urls.items():
            document = (await http.get(f"{url}/openapi.json")).json()
            for path, operations in document["paths"].items():
                for method, operation in operations.items():
                    limit = _limit_parameter(operation)
                    if limit is None:
                        continue
                    assert limit["schema"].get("maximum") == MAX_PAGE_SIZE, f"{service} {method} {path}"
                    capped.append(f"{service} {method.upper()} {path}")
            response = await http.get(
                f"{url}/audit", params={"limit": MAX_PAGE_SIZE + 1}, headers=admin(mint_token)
            )
            assert response.status_code == 422
    assert len(capped) >= 10, capped


def _limit_parameter(operation: dict[str, Any]) -> dict[str, Any] | None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter["name"] == "limit":
            return dict(parameter)
    return None


async def test_a_request_over_its_time_limit_is_answered_503(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path]
) -> None:
    settings = ReferralsSettings(
        **service_environment(await new_database(), kafka_bootstrap, dev_keys), request_timeout_seconds=0.5
    )
    app = build_app(settings)
    work = _add_slow_route(app)
    async with running_app(app) as client:
        response = await client.get("/slow")
        assert (response.status_code, response.headers["retry-after"]) == (503, "5")
        assert work == ["cancelled"], "the route's work is cancelled, not left to finish unseen"
        assert (await client.get("/healthz")).status_code == 200


def _add_slow_route(app: FastAPI) -> list[str]:
    work: list[str] = []

    @app.get("/slow")
    async def slow() -> dict[str, str]:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            work.append("cancelled")
            raise
        work.append("finished")
        return {"status": "too late"}

    return work
