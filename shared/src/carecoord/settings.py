"""The settings every service shares. A service subclasses it and adds its own."""

from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    consumer_group: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000

    # Development verifies tokens with a local key pair; production with an OIDC issuer's JWKS.
    jwt_issuer: str = "carecoord-dev"
    jwt_audience: str = "carecoord"
    jwt_dev_public_key_path: Path | None = None
    jwt_jwks_url: str | None = None

    outbox_sweep_seconds: float = 1.0
    consumer_max_attempts: int = 3
    consumer_retry_backoff_seconds: float = 0.2
    max_page_size: int = 100
    max_body_bytes: int = Field(1_000_000, gt=0)
    # The longest a request may take to its response's start; a stream's body is not bounded.
    request_timeout_seconds: float = Field(30.0, gt=0)
    log_level: str = "INFO"
    # An OpenTelemetry collector (OTLP over HTTP, e.g. http://collector:4318) to export spans to.
    otel_exporter_otlp_endpoint: str | None = None

    @model_validator(mode="after")
    def _refuse_unsafe_outside_development(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            if self.jwt_dev_public_key_path is not None:
                raise ValueError(
                    "JWT_DEV_PUBLIC_KEY_PATH is a development key; production needs JWT_JWKS_URL"
                )
            if not self.jwt_jwks_url or not self.jwt_jwks_url.startswith("https://"):
                raise ValueError("production needs JWT_JWKS_URL pointing at the OIDC issuer's https JWKS")
        elif self.jwt_dev_public_key_path is None and self.jwt_jwks_url is None:
            raise ValueError("set JWT_DEV_PUBLIC_KEY_PATH (development) or JWT_JWKS_URL to verify tokens")
        return self
