from carecoord.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    port: int = 8004
    # Integrators' endpoints must be public HTTPS; tests and local development relax this.
    webhook_allow_insecure_targets: bool = False
    webhook_timeout_seconds: float = 15.0
    webhook_retry_schedule_seconds: list[float] = [5, 30, 120, 600, 1800, 3600, 10800, 21600]
    delivery_poll_seconds: float = 1.0
