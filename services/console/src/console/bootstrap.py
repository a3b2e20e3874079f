"""The console's composition root: settings, one HTTP client to the services, sessions, security
headers, static files and the page routes."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from carecoord.telemetry import configure_logging
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from console.config import ConsoleSettings
from console.entrypoints import (
    admin_routes,
    care_plan_routes,
    chart_routes,
    note_routes,
    notification_routes,
    oidc_routes,
    referral_routes,
    schedule_routes,
    sign_in_routes,
    visit_routes,
)
from console.entrypoints.errors import add_error_pages
from console.entrypoints.security import add_security_headers

STATIC = Path(__file__).parent / "static"


def build_app(settings: ConsoleSettings | None = None) -> FastAPI:
    settings = settings or ConsoleSettings()
    configure_logging("console", settings.log_level)
    # httpx logs every request's URL, and the services' URLs name patients: keep them out of logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=settings.service_timeout_seconds) as http:
            app.state.http = http
            yield

    app = FastAPI(
        title="CareCoord console", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.settings = settings
    app.state.service_urls = {
        "referrals": settings.referrals_url,
        "scheduling": settings.scheduling_url,
        "notes": settings.notes_url,
        "notifications": settings.notifications_url,
    }
    app.middleware("http")(add_security_headers)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="carecoord_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        sign_in_routes,
        referral_routes,
        chart_routes,
        care_plan_routes,
        note_routes,
        notification_routes,
        oidc_routes,
        schedule_routes,
        visit_routes,
        admin_routes,
    ):
        app.include_router(module.router)
    add_error_pages(app)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> dict[str, bool]:
        return {"ready": True}

    return app
