"""The composition root: the one place the referrals service is wired together."""

from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import Consumption, ServiceRuntime
from fastapi import FastAPI

from referrals.config import ReferralsSettings
from referrals.entrypoints import care_plan_routes, http, transition_routes
from referrals.entrypoints.consumer import TOPICS, dispatcher
from referrals.entrypoints.errors import PROBLEMS
from referrals.entrypoints.jobs import AuthorizationExpiryJob

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: ReferralsSettings | None = None) -> FastAPI:
    settings = settings or ReferralsSettings()
    runtime = ServiceRuntime(
        "referrals", settings, MIGRATIONS, Consumption(topics=TOPICS, handler=dispatcher)
    )
    runtime.add_worker(AuthorizationExpiryJob(runtime.transactions, settings.authorization_check_seconds))
    app = create_app(runtime, title="CareCoord referrals", problems=PROBLEMS)
    for routes in (http.router, transition_routes.router, care_plan_routes.router):
        app.include_router(routes)
    return app
