"""Standard Webhooks: message signing, the retry schedule and what a response means."""

import base64
import hashlib
import hmac
import ipaddress
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
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


def signature_header(secrets_in_use: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    """One signature per secret, space-delimited: during a rotation the receiver may still hold
    the old secret, and the spec lets it accept any signature that verifies."""
    return " ".join(sign(secret, message_id, timestamp, body) for secret in secrets_in_use)


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


def failing_too_long(failing_since: datetime | None, now: datetime, limit: timedelta) -> bool:
    """An endpoint that has not accepted anything for ``limit`` is disabled with a notice."""
    return failing_since is not None and now - failing_since >= limit


def retry_delay(schedule: list[float], attempts_made: int, retry_after: float | None = None) -> float | None:
    """Seconds until the next attempt, or None when the schedule is used up (dead letter)."""
    if attempts_made > len(schedule):
        return None
    base = schedule[attempts_made - 1]
    jittered = base * random.uniform(0.8, 1.2)
    return max(jittered, retry_after or 0.0)


class UnsafeTarget(ValueError):
    pass


PRIVATE_TARGET = "url must not point at a private, loopback or link-local address"


@dataclass(frozen=True)
class TargetPolicy:
    """The SSRF guard. ``allow_http`` is for development; ``allow_private`` for tests whose
    receivers listen on loopback."""

    allow_http: bool = False
    allow_private: bool = False

    def check(self, url: str) -> None:
        """Refuse non-HTTPS URLs and literal private or loopback addresses, at subscription time."""
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError as error:
            raise UnsafeTarget("url must be an absolute https URL") from error
        if parts.scheme not in ("https", "http") or not hostname:
            raise UnsafeTarget("url must be an absolute https URL")
        if parts.scheme != "https" and not self.allow_http:
            raise UnsafeTarget("url must use https")
        if not self.allow_private and (hostname == "localhost" or _is_private_literal(hostname)):
            raise UnsafeTarget(PRIVATE_TARGET)

    def check_resolved(self, addresses: list[str]) -> None:
        """At delivery time: a public name may resolve to a private address (or be re-pointed at
        one after the subscription was accepted)."""
        if self.allow_private:
            return
        if not addresses or any(_is_private_literal(address) for address in addresses):
            raise UnsafeTarget(PRIVATE_TARGET)


def _is_private_literal(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return not address.is_global
