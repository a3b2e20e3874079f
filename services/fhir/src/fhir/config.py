"""The FHIR facade's settings: where the four services answer, and where it listens."""

from carecoord.settings import Environment
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FhirSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = 8005

    referrals_url: str = "http://127.0.0.1:8001"
    scheduling_url: str = "http://127.0.0.1:8002"
    notes_url: str = "http://127.0.0.1:8003"
    notifications_url: str = "http://127.0.0.1:8004"
    service_timeout_seconds: float = Field(10.0, gt=0)
    max_body_bytes: int = Field(1_000_000, gt=0)
    log_level: str = "INFO"
