"""The FHIR facade's composition root: settings, one HTTP client to the four services, the routes.

It owns no data and holds no privilege of its own: every call to a service carries the caller's
own bearer token (see docs/architecture.md, "FHIR R4")."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from carecoord.telemetry import configure_logging
from fastapi import FastAPI

from fhir.config import FhirSettings
from fhir.entrypoints import routes
from fhir.entrypoints.errors import add_error_handlers

VERSION = "0.1.0"


def build_app(settings: FhirSettings | None = None) -> FastAPI:
    settings = settings or FhirSettings()
    configure_logging("fhir", settings.log_level)
    # httpx logs every request's URL, and the services' URLs name patients: keep them out of logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=settings.service_timeout_seconds) as http:
            app.state.http = http
            yield

    app = FastAPI(
        title="CareCoord FHIR R4",
        version=VERSION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.service_urls = {
        "referrals": settings.referrals_url,
        "scheduling": settings.scheduling_url,
        "notes": settings.notes_url,
        "notifications": settings.notifications_url,
    }
    add_error_handlers(app)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> dict[str, bool]:
        return {"ready": True}

    app.include_router(routes.router)
    return app
