"""The composition root: the one place the notifications service is wired together."""

from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import Consumption, ServiceRuntime
from fastapi import FastAPI

from notifications.adapters.webhook_client import WebhookClient
from notifications.config import NotificationsSettings
from notifications.entrypoints.consumer import TOPICS, dispatcher
from notifications.entrypoints.http import router
from notifications.service_layer.delivery import DeliveryWorker

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: NotificationsSettings | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()
    runtime = ServiceRuntime(
        "notifications", settings, MIGRATIONS, Consumption(topics=TOPICS, handler=dispatcher)
    )
    runtime.add_worker(
        DeliveryWorker(
            runtime.transactions,
            WebhookClient(settings.webhook_timeout_seconds),
            retry_schedule=settings.webhook_retry_schedule_seconds,
            poll_seconds=settings.delivery_poll_seconds,
            lease_seconds=settings.webhook_timeout_seconds + 15,
        )
    )
    app = create_app(runtime, title="CareCoord notifications")
    app.include_router(router)
    return app
