"""The composition root: the one place the referrals service is wired together."""

from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import ServiceRuntime
from fastapi import FastAPI

from referrals.config import ReferralsSettings
from referrals.entrypoints.http import router

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: ReferralsSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime("referrals", settings or ReferralsSettings(), MIGRATIONS)
    app = create_app(runtime, title="CareCoord referrals")
    app.include_router(router)
    return app
