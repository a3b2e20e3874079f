"""The FHIR facade in front of the four services (real processes, broker, database), and the HL7
instance validator (HAPI FHIR) that checks every answer it gives in these tests."""

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from carecoord_local.fhir_validator import FhirValidator, Message
from carecoord_local.testing import running_app
from fhir.bootstrap import build_app
from fhir.config import FhirSettings

from ..conftest import System

Json = dict[str, Any]


@pytest.fixture(scope="session")
def fhir_validator() -> Iterator[FhirValidator]:
    validator = FhirValidator()
    validator.start()
    try:
        yield validator
    finally:
        validator.stop()


@pytest.fixture(scope="session")
def fhir_warnings() -> Iterator[set[str]]:
    """The validator's warnings over the session; CARECOORD_FHIR_WARNINGS=<file> writes them out
    (they are listed in docs/fhir.md)."""
    warnings: set[str] = set()
    yield warnings
    if target := os.environ.get("CARECOORD_FHIR_WARNINGS"):
        Path(target).write_text("".join(f"{line}\n" for line in sorted(warnings)))


@dataclass
class Answer:
    status: int
    body: Json
    headers: httpx.Headers


@dataclass
class FhirClient:
    """The facade's HTTP API; every answer must be valid FHIR R4 with zero errors."""

    http: httpx.AsyncClient
    validator: FhirValidator
    warnings: set[str]

    async def get(self, path: str, token: str | None) -> Answer:
        headers = {**_bearer(token), "Accept": "application/fhir+json"}
        return await self._checked(await self.http.get(path, headers=headers))

    async def post(self, path: str, token: str | None, body: Json) -> Answer:
        return await self._checked(await self.http.post(path, json=body, headers=_bearer(token)))

    async def _checked(self, response: httpx.Response) -> Answer:
        assert response.headers["content-type"].startswith("application/fhir+json"), response.text
        body = response.json()
        messages: list[Message] = await asyncio.to_thread(self.validator.validate, body)
        errors = [str(m) for m in messages if m.severity in ("error", "fatal")]
        assert not errors, f"{body.get('resourceType')} is not valid FHIR R4:\n" + "\n".join(errors)
        self.warnings.update(f"{m.location}: {m.message}" for m in messages)
        return Answer(response.status_code, body, response.headers)


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture
async def fhir(
    system: System, fhir_validator: FhirValidator, fhir_warnings: set[str]
) -> AsyncIterator[FhirClient]:
    settings = FhirSettings(**{f"{name}_url": url for name, url in system.urls.items()})  # type: ignore[arg-type]
    async with running_app(build_app(settings)) as http:
        yield FhirClient(http, fhir_validator, fhir_warnings)
