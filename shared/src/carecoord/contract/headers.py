"""The Kafka headers as JSON Schemas: the CloudEvents binary-mode attributes and W3C
``traceparent`` the outbox relay writes (see ``carecoord.envelope``), and the reason the consumer
runner adds when it dead-letters a message (see ``carecoord.consumer``)."""

from typing import Any

from carecoord.envelope import CONTENT_TYPE, SPEC_VERSION

Schema = dict[str, Any]

UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RFC3339_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
SOURCE_PATTERN = "^/carecoord(/[a-z]+)?$"
SUBJECT_PATTERN = r"^[a-z][a-z-]*/\S+$"
# W3C Trace Context, version 00: an all-zero trace id or parent id is invalid.
TRACEPARENT_PATTERN = "^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$"
DIGITS_PATTERN = r"^\d+$"


def traceparent_header() -> Schema:
    return {
        "type": "string",
        "pattern": TRACEPARENT_PATTERN,
        "description": "W3C Trace Context of the request or event that caused this one; continue it",
    }


def cloudevents_headers(event_type: str) -> Schema:
    """Every header the producer writes, all of them always present."""
    properties: dict[str, Schema] = {
        "ce_specversion": {"type": "string", "const": SPEC_VERSION},
        "ce_id": {"type": "string", "pattern": UUID_PATTERN, "description": "Unique per event; dedupe by it"},
        "ce_source": {"type": "string", "pattern": SOURCE_PATTERN, "description": "The producing service"},
        "ce_type": {"type": "string", "const": event_type},
        "ce_time": {
            "type": "string",
            "format": "date-time",
            "pattern": RFC3339_PATTERN,
            "description": "When the change was committed (RFC 3339)",
        },
        "ce_subject": {
            "type": "string",
            "pattern": SUBJECT_PATTERN,
            "description": "The resource the event is about, e.g. appointments/<id>",
        },
        "content-type": {"type": "string", "const": CONTENT_TYPE},
        "traceparent": traceparent_header(),
    }
    return {"type": "object", "required": sorted(properties), "properties": properties}


def dead_letter_headers(topics: list[str]) -> Schema:
    """The original message's headers (not validated: it may be what could not be read) plus the
    reason the consumer runner gave up on it."""
    properties: dict[str, Schema] = {
        "dlq.reason": {"type": "string", "maxLength": 1000, "description": "Exception type and message"},
        "dlq.attempts": {
            "type": "string",
            "pattern": DIGITS_PATTERN,
            "description": "Handling attempts; 0 when the message was not a readable CloudEvent",
        },
        "dlq.original.topic": {"type": "string", "enum": topics},
        "dlq.original.partition": {"type": "string", "pattern": DIGITS_PATTERN},
        "dlq.original.offset": {"type": "string", "pattern": DIGITS_PATTERN},
    }
    return {"type": "object", "required": sorted(properties), "properties": properties}
