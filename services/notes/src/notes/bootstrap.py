"""The composition root: the one place the notes service is wired together."""

from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import Consumption, ServiceRuntime
from fastapi import FastAPI

from notes.config import NotesSettings
from notes.entrypoints.consumer import TOPICS, dispatcher
from notes.entrypoints.http import router

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: NotesSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        "notes", settings or NotesSettings(), MIGRATIONS, Consumption(topics=TOPICS, handler=dispatcher)
    )
    app = create_app(runtime, title="CareCoord notes")
    app.include_router(router)
    return app
