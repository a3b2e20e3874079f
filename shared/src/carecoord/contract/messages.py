"""The AsyncAPI message of each event type and of a dead letter: headers, payload, key and one
example built from the model."""

import uuid
from collections.abc import Sequence
from typing import Any

from carecoord.contract.examples import EXAMPLE_TIME, example_payload
from carecoord.contract.headers import cloudevents_headers, dead_letter_headers
from carecoord.contract.services import ServiceEvents
from carecoord.envelope import CONTENT_TYPE, SPEC_VERSION
from carecoord.events.base import Event

Document = dict[str, Any]
KAFKA_BINDING_VERSION = "0.5.0"
EXAMPLE_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def message_id(event_type: str) -> str:
    return event_type.removeprefix("carecoord.").replace(".", "_")


def event_message(model: type[Event], payload: Document, services: Sequence[ServiceEvents]) -> Document:
    return {
        "name": model.type,
        "title": model.__name__,
        "summary": (model.__doc__ or model.type).strip().splitlines()[0],
        "contentType": CONTENT_TYPE,
        "headers": cloudevents_headers(model.type),
        "payload": payload,
        "bindings": _key_binding(model),
        "examples": [example_message(model, services)],
    }


def example_message(model: type[Event], services: Sequence[ServiceEvents]) -> Document:
    payload = example_payload(model)
    resource = next(
        (field for field in payload if field.endswith("_id") and field not in {"clinic_id", "patient_id"}),
        "patient_id",
    )
    headers = {
        "ce_specversion": SPEC_VERSION,
        "ce_id": str(uuid.uuid5(uuid.NAMESPACE_URL, model.type)),
        "ce_source": next((s.source for s in services if model.topic in s.publishes), "/carecoord"),
        "ce_type": model.type,
        "ce_time": EXAMPLE_TIME,
        "ce_subject": f"{_plural(resource.removesuffix('_id').replace('_', '-'))}/{payload.get(resource)}",
        "content-type": CONTENT_TYPE,
        "traceparent": EXAMPLE_TRACEPARENT,
    }
    return {"name": message_id(model.type), "headers": headers, "payload": payload}


def dead_letter_message(topic: str, example_of: type[Event], services: Sequence[ServiceEvents]) -> Document:
    original = example_message(example_of, services)
    reason = {
        "dlq.reason": "ValidationError: 1 validation error for the event",
        "dlq.attempts": "3",
        "dlq.original.topic": topic,
        "dlq.original.partition": "0",
        "dlq.original.offset": "42",
    }
    return {
        "name": f"{topic}.dead_letter",
        "title": "Dead letter",
        "summary": f"A message of `{topic}` set aside, with why",
        "headers": dead_letter_headers([topic]),
        "payload": {"description": "The original message value, unchanged (it may not be JSON)"},
        "bindings": _key_binding(example_of),
        "examples": [
            {
                "name": "dead_letter",
                "headers": {**original["headers"], **reason},
                "payload": original["payload"],
            }
        ],
    }


def _key_binding(model: type[Event]) -> Document:
    key = {
        "type": "string",
        "description": f"The event's `{model.key_field}`: its events keep their order in one partition",
    }
    return {"kafka": {"key": key, "bindingVersion": KAFKA_BINDING_VERSION}}


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun  # series
    return f"{noun[:-1]}ies" if noun.endswith("y") else f"{noun}s"
