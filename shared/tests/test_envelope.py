import json

import pytest
from carecoord.envelope import CloudEvent, EnvelopeError


def test_cloud_event_round_trips_through_kafka_binary_mode() -> None:
    event = CloudEvent(
        type="carecoord.referral.received.v1",
        source="/carecoord/referrals",
        subject="referrals/r1",
        data={"patient_id": "p1"},
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )
    value, headers = event.to_kafka()
    names = {name for name, _ in headers}
    assert {
        "ce_id",
        "ce_source",
        "ce_type",
        "ce_specversion",
        "ce_time",
        "ce_subject",
        "content-type",
    } <= names
    assert "traceparent" in names
    assert json.loads(value) == {"patient_id": "p1"}
    assert CloudEvent.from_kafka(value, headers) == event


@pytest.mark.parametrize(
    ("value", "headers", "reason"),
    [
        (b"{}", [], "ce_specversion"),
        (b"{}", [("ce_specversion", b"1.0")], "missing CloudEvents headers"),
        (
            b"not json",
            [("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"s"), ("ce_type", b"t")],
            "JSON",
        ),
        (
            b"[1]",
            [("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"s"), ("ce_type", b"t")],
            "object",
        ),
        (
            None,
            [("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"s"), ("ce_type", b"t")],
            "no value",
        ),
        (b"{}", [("ce_specversion", b"\xff")], "UTF-8"),
    ],
)
def test_malformed_messages_are_refused_with_a_reason(
    value: bytes | None, headers: list[tuple[str, bytes]], reason: str
) -> None:
    with pytest.raises(EnvelopeError, match=reason):
        CloudEvent.from_kafka(value, headers)
