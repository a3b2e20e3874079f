"""One self-contained AsyncAPI 3.0 document: every payload schema under ``components`` (internal
references only), Kafka bindings and message keys, CloudEvents headers with their patterns, the
dead-letter channels, which service sends and which receive, and one example per message."""

from collections.abc import Sequence
from typing import Any

from pydantic.json_schema import models_json_schema

from carecoord.contract.messages import KAFKA_BINDING_VERSION, dead_letter_message, event_message, message_id
from carecoord.contract.servers import SECURITY_SCHEMES, SERVERS
from carecoord.contract.services import ServiceEvents
from carecoord.events.base import Event
from carecoord.events.schemas import published_events
from carecoord.events.topics import Topic, dead_letter_topic
from carecoord.kafka import PARTITIONS, REPLICAS

Document = dict[str, Any]
Events = dict[str, type[Event]]


def asyncapi(services: Sequence[ServiceEvents]) -> Document:
    events = published_events()
    topics = [topic for topic in Topic if _on(topic, events)]
    payloads, schemas = _payload_schemas(events)
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
            **{channel_id(topic): _channel(topic, events) for topic in topics},
            **{
                dead_letter_channel_id(topic): _dead_letter_channel(topic, events, services)
                for topic in topics
            },
        },
        "operations": _operations(services, events),
        "components": {
            "schemas": schemas,
            "messages": {
                message_id(name): event_message(model, payloads[name], services)
                for name, model in events.items()
            },
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def channel_id(topic: str) -> str:
    return topic.removeprefix("carecoord.")


def dead_letter_channel_id(topic: str) -> str:
    return f"{channel_id(topic)}_dlq"


def _on(topic: str, events: Events) -> Events:
    return {name: model for name, model in events.items() if model.topic == topic}


def _channel(topic: str, events: Events) -> Document:
    keys = " or ".join(sorted({f"`{model.key_field}`" for model in _on(topic, events).values()}))
    return {
        "address": topic,
        "title": topic,
        "description": f"Every event of `{topic}`; the message key is the event's {keys}.",
        "messages": {
            message_id(name): _ref("components", "messages", message_id(name)) for name in _on(topic, events)
        },
        "bindings": _topic_binding(topic),
    }


def _dead_letter_channel(topic: str, events: Events, services: Sequence[ServiceEvents]) -> Document:
    address = dead_letter_topic(topic)
    return {
        "address": address,
        "title": address,
        "description": f"Messages of `{topic}` a consumer could not read or handle after bounded "
        "retries, unchanged, with the reason in `dlq.*` headers. Any consuming service may write here.",
        "messages": {
            "dead_letter": dead_letter_message(topic, next(iter(_on(topic, events).values())), services)
        },
        "bindings": _topic_binding(address),
    }


def _topic_binding(address: str) -> Document:
    binding = {"topic": address, "partitions": PARTITIONS, "replicas": REPLICAS}
    return {"kafka": {**binding, "bindingVersion": KAFKA_BINDING_VERSION}}


def _operations(services: Sequence[ServiceEvents], events: Events) -> Document:
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


def _operation(action: str, summary: str, topic: str, events: Events) -> Document:
    return {
        "action": action,
        "summary": summary,
        "channel": _ref("channels", channel_id(topic)),
        "messages": [_ref("channels", channel_id(topic), "messages", message_id(name)) for name in events],
    }


def _payload_schemas(events: Events) -> tuple[dict[str, Document], Document]:
    """Each type's payload reference, and every model's schema under ``components/schemas``."""
    references, top = models_json_schema(
        [(model, "validation") for model in events.values()], ref_template="#/components/schemas/{model}"
    )
    payloads = {name: references[(model, "validation")] for name, model in events.items()}
    return payloads, top["$defs"]


def _ref(*path: str) -> Document:
    return {"$ref": "#/" + "/".join(path)}
