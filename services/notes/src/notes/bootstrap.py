"""The composition root: the one place the notes service is wired together."""

from datetime import timedelta
from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import Consumption, ServiceRuntime
from fastapi import FastAPI

from notes.config import NotesSettings
from notes.entrypoints.consumer import TOPICS, build_dispatcher
from notes.entrypoints.errors import PROBLEMS
from notes.entrypoints.http import router
from notes.service_layer.overdue import OverdueNotesJob

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: NotesSettings | None = None) -> FastAPI:
    settings = settings or NotesSettings()
    dispatcher = build_dispatcher(
        timedelta(hours=settings.note_signing_window_hours), settings.open_draft_at_check_in
    )
    runtime = ServiceRuntime("notes", settings, MIGRATIONS, Consumption(topics=TOPICS, handler=dispatcher))
    runtime.add_worker(OverdueNotesJob(runtime.transactions, settings.overdue_check_seconds))
    app = create_app(runtime, title="CareCoord notes", problems=PROBLEMS)
    app.include_router(router)
    return app
