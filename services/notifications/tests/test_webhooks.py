import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from notifications.domain.webhooks import (
    Outcome,
    TargetPolicy,
    UnsafeTarget,
    failing_too_long,
    new_signing_secret,
    outcome_of,
    retry_delay,
    sign,
    signature_header,
)
from standardwebhooks import Webhook


def test_signatures_verify_with_the_standard_webhooks_reference_library() -> None:
    secret = new_signing_secret()
    body = json.dumps({"type": "carecoord.referral.received.v1", "data": {"referral_id": "r1"}}).encode()

    timestamp = int(time.time())
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, "msg_1", timestamp, body),
    }
    assert Webhook(secret).verify(body, headers)["data"] == {"referral_id": "r1"}


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.DELIVERED),
        (204, Outcome.DELIVERED),
        (410, Outcome.GONE),
        (500, Outcome.RETRY),
        (429, Outcome.RETRY),
        (None, Outcome.RETRY),
        (301, Outcome.RETRY),
    ],
)
def test_a_response_status_decides_the_outcome(status: int | None, outcome: Outcome) -> None:
    assert outcome_of(status) is outcome


def test_retries_follow_the_schedule_with_jitter_then_stop() -> None:
    schedule = [5.0, 30.0]
    assert 4.0 <= (retry_delay(schedule, 1) or 0) <= 6.0
    assert 24.0 <= (retry_delay(schedule, 2) or 0) <= 36.0
    assert retry_delay(schedule, 3) is None


def test_retry_after_is_honoured_when_longer_than_the_schedule() -> None:
    assert retry_delay([1.0], 1, retry_after=120) == 120


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.5/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
        "ftp://example.com",
        "not a url",
    ],
)
def test_unsafe_webhook_targets_are_refused(url: str) -> None:
    with pytest.raises(UnsafeTarget):
        TargetPolicy().check(url)


def test_public_https_targets_are_accepted() -> None:
    TargetPolicy().check("https://hooks.example.com/carecoord")


def test_during_a_rotation_both_secrets_sign_and_either_verifies() -> None:
    old, new = new_signing_secret(), new_signing_secret()
    body, timestamp = b'{"type":"t","data":{}}', int(time.time())
    header = signature_header([new, old], "msg_2", timestamp, body)
    assert len(header.split(" ")) == 2
    headers = {"webhook-id": "msg_2", "webhook-timestamp": str(timestamp), "webhook-signature": header}
    for secret in (old, new):
        Webhook(secret).verify(body, headers)


def test_development_accepts_http_but_still_refuses_private_addresses() -> None:
    policy = TargetPolicy(allow_http=True)
    policy.check("http://hooks.example.com/x")
    with pytest.raises(UnsafeTarget):
        policy.check("http://127.0.0.1:9000/x")


@pytest.mark.parametrize(
    ("addresses", "refused"),
    [
        (["93.184.216.34"], False),
        (["93.184.216.34", "10.0.0.7"], True),
        (["::1"], True),
        (["fe80::1%eth0"], True),
        ([], True),
    ],
)
def test_resolved_addresses_are_checked_at_delivery_time(addresses: list[str], refused: bool) -> None:
    if refused:
        with pytest.raises(UnsafeTarget):
            TargetPolicy().check_resolved(addresses)
    else:
        TargetPolicy().check_resolved(addresses)
    TargetPolicy(allow_private=True).check_resolved(addresses)


def test_an_endpoint_failing_longer_than_the_limit_is_disabled() -> None:
    now = datetime.now(UTC)
    limit = timedelta(days=5)
    assert not failing_too_long(None, now, limit)
    assert not failing_too_long(now - timedelta(days=4), now, limit)
    assert failing_too_long(now - timedelta(days=5), now, limit)
