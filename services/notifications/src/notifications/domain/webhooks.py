"""Standard Webhooks: message signing, the retry schedule and what a response means."""

import base64
import hashlib
import hmac
import ipaddress
import random
import secrets
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"


def new_signing_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,`` and the base64 HMAC-SHA256 of ``id.timestamp.body``."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    GONE = "gone"


def outcome_of(status_code: int | None) -> Outcome:
    if status_code is not None and 200 <= status_code < 300:
        return Outcome.DELIVERED
    if status_code == 410:
        return Outcome.GONE
    return Outcome.RETRY


def retry_delay(schedule: list[float], attempts_made: int, retry_after: float | None = None) -> float | None:
    """Seconds until the next attempt, or None when the schedule is used up (dead letter)."""
    if attempts_made > len(schedule):
        return None
    base = schedule[attempts_made - 1]
    jittered = base * random.uniform(0.8, 1.2)
    return max(jittered, retry_after or 0.0)


class UnsafeTarget(ValueError):
    pass


@dataclass(frozen=True)
class TargetPolicy:
    allow_insecure: bool

    def check(self, url: str) -> None:
        """Refuse non-HTTPS URLs and literal private or loopback addresses (SSRF guard)."""
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise UnsafeTarget("url must be an absolute https URL")
        if self.allow_insecure:
            return
        if parts.scheme != "https":
            raise UnsafeTarget("url must use https")
        if parts.hostname == "localhost" or _is_private_address(parts.hostname):
            raise UnsafeTarget("url must not point at a private, loopback or link-local address")


def _is_private_address(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global
