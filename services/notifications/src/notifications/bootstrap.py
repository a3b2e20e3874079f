"""The composition root: the one place the notifications service is wired together."""

from datetime import timedelta
from pathlib import Path

from carecoord.http import create_app
from carecoord.runtime import Consumption, ServiceRuntime
from fastapi import FastAPI

from notifications.adapters.mailer import SmtpConfig, SmtpMailer
from notifications.adapters.webhook_client import WebhookClient
from notifications.config import NotificationsSettings
from notifications.entrypoints import http, inbox_routes, recipients_routes
from notifications.entrypoints.consumer import TOPICS, build_dispatcher
from notifications.entrypoints.webhooks import add_webhooks
from notifications.service_layer.delivery import DeliveryWorker
from notifications.service_layer.email_delivery import EmailWorker
from notifications.service_layer.reminders import ScheduledNoticeWorker

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_app(settings: NotificationsSettings | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()
    dispatcher = build_dispatcher(
        timedelta(seconds=settings.reminder_lead_seconds), timedelta(seconds=settings.check_in_delay_seconds)
    )
    runtime = ServiceRuntime(
        "notifications", settings, MIGRATIONS, Consumption(topics=TOPICS, handler=dispatcher)
    )
    runtime.add_worker(
        DeliveryWorker(
            runtime.transactions,
            WebhookClient(settings.webhook_timeout_seconds, settings.target_policy),
            retry_schedule=settings.webhook_retry_schedule_seconds,
            poll_seconds=settings.delivery_poll_seconds,
            lease_seconds=settings.webhook_timeout_seconds + 15,
            disable_after_failing=timedelta(seconds=settings.webhook_disable_after_failing_seconds),
            max_in_flight=settings.webhook_max_in_flight,
        )
    )
    runtime.add_worker(ScheduledNoticeWorker(runtime.transactions, settings.scheduler_poll_seconds))
    if settings.smtp_host:
        runtime.add_worker(
            EmailWorker(
                runtime.transactions,
                SmtpMailer(_smtp(settings)),
                retry_schedule=settings.email_retry_schedule_seconds,
                poll_seconds=settings.delivery_poll_seconds,
                lease_seconds=settings.smtp_timeout_seconds + 30,
            )
        )
    app = create_app(runtime, title="CareCoord notifications")
    for module in (http, inbox_routes, recipients_routes):
        app.include_router(module.router)
    add_webhooks(app)
    return app


def _smtp(settings: NotificationsSettings) -> SmtpConfig:
    assert settings.smtp_host is not None
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        start_tls=settings.smtp_start_tls,
        timeout_seconds=settings.smtp_timeout_seconds,
        sender=settings.email_from,
    )
