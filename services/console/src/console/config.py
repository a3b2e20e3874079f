"""The console's settings: where the four services answer, how sessions are signed, and how people
sign in (the development key pair here, the clinic's OpenID Connect provider in production)."""

from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from carecoord.settings import Environment
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SESSION_SECRET = "development-only-session-secret"


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = 8000

    referrals_url: str = "http://127.0.0.1:8001"
    scheduling_url: str = "http://127.0.0.1:8002"
    notes_url: str = "http://127.0.0.1:8003"
    notifications_url: str = "http://127.0.0.1:8004"
    service_timeout_seconds: float = Field(10.0, gt=0)

    session_secret: str = DEVELOPMENT_SESSION_SECRET
    session_max_age_seconds: int = Field(12 * 3600, gt=0)
    # Development sign-in mints the user's token with the local key pair `carecoord-token` uses.
    jwt_dev_private_key_path: Path | None = None
    # Production signs in with the clinic's OpenID Connect provider (authorization code + PKCE). The
    # ID token names the person's role and clinic; its access token is what the services are called with.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_role_claim: str = "role"
    oidc_clinic_claim: str = "clinic"
    log_level: str = "INFO"

    @property
    def development_sign_in(self) -> bool:
        return self.environment is not Environment.PRODUCTION and self.jwt_dev_private_key_path is not None

    @property
    def oidc_sign_in(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @property
    def secure_cookies(self) -> bool:
        return self.environment is not Environment.DEVELOPMENT

    @model_validator(mode="after")
    def _refuse_unsafe_in_production(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            if self.jwt_dev_private_key_path is not None:
                raise ValueError(
                    "JWT_DEV_PRIVATE_KEY_PATH is a development key; production signs in with OIDC"
                )
            if self.session_secret == DEVELOPMENT_SESSION_SECRET or len(self.session_secret) < 32:
                raise ValueError("production needs SESSION_SECRET: a random value of at least 32 characters")
            if not self.oidc_sign_in:
                raise ValueError("production needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET")
            if not _https_or_loopback(self.oidc_issuer or ""):
                raise ValueError("OIDC_ISSUER must be an https URL")
        return self


def _https_or_loopback(url: str) -> bool:
    """https, or plain http to this machine only (a provider started beside the console by a test)."""
    host = urlsplit(url).hostname or ""
    return url.startswith("https://") or (url.startswith("http://") and host in ("localhost", "127.0.0.1"))
