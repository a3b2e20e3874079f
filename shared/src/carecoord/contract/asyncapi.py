"""One self-contained AsyncAPI 3.0 document: every payload schema under ``components`` (internal
references only), Kafka bindings and message keys, CloudEvents headers with their patterns, the
dead-letter channels, which service sends and which receive, and one example per message."""

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic.json_schema import models_json_schema

from carecoord.contract.examples import EXAMPLE_TIME, example_payload
from carecoord.contract.headers import cloudevents_headers, dead_letter_headers
from carecoord.contract.servers import SECURITY_SCHEMES, SERVERS
from carecoord.contract.services import ServiceEvents
from carecoord.events.base import Event
from carecoord.events.schemas import published_events
from carecoord.events.topics import Topic, dead_letter_topic
from carecoord.kafka import PARTITIONS, REPLICAS

Document = dict[str, Any]
KAFKA_BINDING_VERSION = "0.5.0"
EXAMPLE_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def asyncapi(services: Sequence[ServiceEvents]) -> Document:
    events = published_events()
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "CareCoord events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 in Kafka binary mode, one topic per producing service, "
            "keyed so that each patient's events stay in order. Consumers ignore unknown fields and "
            "unknown types; a breaking change is a new type version (`.v2`).",
        },
        "defaultContentType": "application/json",
        "servers": SERVERS,
        "channels": {
            **{channel_id(topic): _channel(topic, events) for topic in Topic},
            **{
                dead_letter_channel_id(topic): _dead_letter_channel(topic, events, services)
                for topic in Topic
            },
        },
        "operations": _operations(services, events),
        "components": {
            "schemas": _payload_schemas(events),
            "messages": {message_id(name): _message(model, services) for name, model in events.items()},
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def channel_id(topic: str) -> str:
    return topic.removeprefix("carecoord.")


def dead_letter_channel_id(topic: str) -> str:
    return f"{channel_id(topic)}_dlq"


def message_id(event_type: str) -> str:
    return event_type.removeprefix("carecoord.").replace(".", "_")


def _on(topic: str, events: dict[str, type[Event]]) -> dict[str, type[Event]]:
    return {name: model for name, model in events.items() if model.topic == topic}


def _channel(topic: str, events: dict[str, type[Event]]) -> Document:
    return {
        "address": topic,
        "title": topic,
        "description": f"Every event of `{topic}`; {_key_description(topic, events)}.",
        "messages": {
            message_id(name): _ref("components", "messages", message_id(name)) for name in _on(topic, events)
        },
        "bindings": _topic_binding(topic),
    }


def _dead_letter_channel(
    topic: str, events: dict[str, type[Event]], services: Sequence[ServiceEvents]
) -> Document:
    address = dead_letter_topic(topic)
    return {
        "address": address,
        "title": address,
        "description": f"Messages of `{topic}` a consumer could not read or handle after bounded "
        "retries, unchanged, with the reason in `dlq.*` headers. Any consuming service may write here.",
        "messages": {"dead_letter": _dead_letter_message(topic, events, services)},
        "bindings": _topic_binding(address),
    }


def _topic_binding(address: str) -> Document:
    return {
        "kafka": {
            "topic": address,
            "partitions": PARTITIONS,
            "replicas": REPLICAS,
            "bindingVersion": KAFKA_BINDING_VERSION,
        }
    }


def _key_description(topic: str, events: dict[str, type[Event]]) -> str:
    fields = sorted({model.key_field for model in _on(topic, events).values()})
    return f"the message key is the event's {' or '.join(f'`{field}`' for field in fields)}"


def _key_binding(model: type[Event]) -> Document:
    key = {
        "type": "string",
        "description": f"The event's `{model.key_field}`: its events keep their order in one partition",
    }
    return {"kafka": {"key": key, "bindingVersion": KAFKA_BINDING_VERSION}}


def _message(model: type[Event], services: Sequence[ServiceEvents]) -> Document:
    return {
        "name": model.type,
        "title": model.__name__,
        "summary": (model.__doc__ or model.type).strip().splitlines()[0],
        "contentType": "application/json",
        "headers": cloudevents_headers(model.type),
        "payload": _ref("components", "schemas", model.__name__),
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
        "ce_specversion": "1.0",
        "ce_id": str(uuid.uuid5(uuid.NAMESPACE_URL, model.type)),
        "ce_source": next((s.source for s in services if model.topic in s.publishes), "/carecoord"),
        "ce_type": model.type,
        "ce_time": EXAMPLE_TIME,
        "ce_subject": f"{_plural(resource.removesuffix('_id').replace('_', '-'))}/{payload.get(resource)}",
        "content-type": "application/json",
        "traceparent": EXAMPLE_TRACEPARENT,
    }
    return {"name": message_id(model.type), "headers": headers, "payload": payload}


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun  # series
    return f"{noun[:-1]}ies" if noun.endswith("y") else f"{noun}s"


def _dead_letter_message(
    topic: str, events: dict[str, type[Event]], services: Sequence[ServiceEvents]
) -> Document:
    first = next(iter(_on(topic, events).values()))
    original = example_message(first, services)
    dead_letter = {
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
        "bindings": _key_binding(first),
        "examples": [
            {
                "name": "dead_letter",
                "headers": {**original["headers"], **dead_letter},
                "payload": original["payload"],
            }
        ],
    }


def _operations(services: Sequence[ServiceEvents], events: dict[str, type[Event]]) -> Document:
    operations: Document = {}
    for service in services:
        for topic in service.publishes:
            operations[f"{service.name}_sends_{channel_id(topic)}"] = _operation(
                "send", f"The {service.name} service publishes these events.", topic, _on(topic, events)
            )
        for topic in service.subscribes:
            handled = {name: model for name, model in _on(topic, events).items() if service.consumes(model)}
            if not handled:
                continue
            operations[f"{service.name}_receives_{channel_id(topic)}"] = _operation(
                "receive", f"The {service.name} service acts on these events.", topic, handled
            )
            operations[f"{service.name}_dead_letters_{channel_id(topic)}"] = {
                "action": "send",
                "summary": f"The {service.name} service sets aside a message it cannot read or handle.",
                "channel": _ref("channels", dead_letter_channel_id(topic)),
                "messages": [_ref("channels", dead_letter_channel_id(topic), "messages", "dead_letter")],
            }
    return operations


def _operation(action: str, summary: str, topic: str, events: dict[str, type[Event]]) -> Document:
    return {
        "action": action,
        "summary": summary,
        "channel": _ref("channels", channel_id(topic)),
        "messages": [_ref("channels", channel_id(topic), "messages", message_id(name)) for name in events],
    }


def _payload_schemas(events: dict[str, type[Event]]) -> Document:
    _, top = models_json_schema(
        [(model, "validation") for model in events.values()], ref_template="#/components/schemas/{model}"
    )
    schemas: Document = top["$defs"]
    return schemas


def _ref(*path: str) -> Document:
    return {"$ref": "#/" + "/".join(path)}
