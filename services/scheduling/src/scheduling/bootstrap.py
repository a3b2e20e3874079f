"""The composition root: the one place the scheduling service is wired together."""

from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import Consumption, ServiceRuntime
from fastapi import FastAPI

from scheduling.config import SchedulingSettings
from scheduling.entrypoints.consumer import TOPICS, dispatcher
from scheduling.entrypoints.errors import PROBLEMS
from scheduling.entrypoints.http import add_routes

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: SchedulingSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        "scheduling",
        settings or SchedulingSettings(),
        MIGRATIONS,
        Consumption(topics=TOPICS, handler=dispatcher),
    )
    app = create_app(runtime, title="CareCoord scheduling", problems=PROBLEMS)
    add_routes(app)
    return app
