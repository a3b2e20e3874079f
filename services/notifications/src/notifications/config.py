from typing import Self

from carecoord.settings import Environment, ServiceSettings
from pydantic import Field, SecretStr, model_validator

from notifications.domain.webhooks import TargetPolicy


class NotificationsSettings(ServiceSettings):
    port: int = 8004

    # Integrators' endpoints must be public HTTPS. Development also accepts plain http; tests whose
    # receivers listen on loopback set WEBHOOK_ALLOW_INSECURE_TARGETS, which production refuses.
    webhook_allow_insecure_targets: bool = False
    webhook_timeout_seconds: float = Field(15.0, gt=0, le=30)
    webhook_retry_schedule_seconds: list[float] = [5, 30, 120, 600, 1800, 3600, 10800, 21600]
    webhook_secret_overlap_seconds: float = Field(24 * 3600, ge=0)
    webhook_disable_after_failing_seconds: float = Field(5 * 24 * 3600, gt=0)
    webhook_max_in_flight: int = Field(100, ge=1)
    delivery_poll_seconds: float = 1.0

    # Email goes out over SMTP; without a host, messages wait in the queue until one is set.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_start_tls: bool = False
    smtp_timeout_seconds: float = 30.0
    email_from: str = "CareCoord <no-reply@carecoord.invalid>"
    email_retry_schedule_seconds: list[float] = [30, 300, 1800, 7200]

    reminder_lead_seconds: float = Field(24 * 3600, gt=0)
    check_in_delay_seconds: float = Field(24 * 3600, ge=0)
    scheduler_poll_seconds: float = 5.0
    inbox_stream_poll_seconds: float = 1.0

    @model_validator(mode="after")
    def _refuse_insecure_targets_in_production(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            if self.webhook_allow_insecure_targets:
                raise ValueError("WEBHOOK_ALLOW_INSECURE_TARGETS must not be set in production")
            if self.webhook_timeout_seconds < 15:
                raise ValueError("WEBHOOK_TIMEOUT_SECONDS must be between 15 and 30 in production")
        return self

    @property
    def target_policy(self) -> TargetPolicy:
        return TargetPolicy(
            allow_http=self.webhook_allow_insecure_targets or self.environment is Environment.DEVELOPMENT,
            allow_private=self.webhook_allow_insecure_targets,
        )
