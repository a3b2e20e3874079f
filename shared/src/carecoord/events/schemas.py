"""JSON Schemas and an AsyncAPI 3 document generated from the event models.

``python -m carecoord.events.schemas docs/events`` rewrites the committed copies; a test fails
when they drift from the models.
"""

import json
import sys
from pathlib import Path
from typing import Any

from carecoord.envelope import SPEC_VERSION
from carecoord.events.base import Event, registered_event_types
from carecoord.events.topics import Topic


def published_events() -> dict[str, type[Event]]:
    """The contract: events on the four service topics (tests may register others)."""
    topics = set(Topic)
    return {name: model for name, model in sorted(registered_event_types().items()) if model.topic in topics}


def json_schemas() -> dict[str, dict[str, Any]]:
    return {event_type: model.model_json_schema() for event_type, model in published_events().items()}


def asyncapi() -> dict[str, Any]:
    messages = {
        _message_name(event_type): {
            "name": event_type,
            "contentType": "application/json",
            "headers": _cloudevents_headers(event_type),
            "payload": {"$ref": f"./{event_type}.json"},
        }
        for event_type in json_schemas()
    }
    channels = {
        str(topic): {
            "address": str(topic),
            "messages": {
                name: {"$ref": f"#/components/messages/{name}"}
                for event_type, model in published_events().items()
                if model.topic == topic
                for name in [_message_name(event_type)]
            },
        }
        for topic in Topic
    }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "CareCoord events", "version": "1"},
        "defaultContentType": "application/json",
        "channels": channels,
        "components": {"messages": messages},
    }


def _message_name(event_type: str) -> str:
    return event_type.removeprefix("carecoord.").replace(".", "_")


def _cloudevents_headers(event_type: str) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["ce_id", "ce_source", "ce_type", "ce_specversion"],
        "properties": {
            "ce_specversion": {"const": SPEC_VERSION},
            "ce_type": {"const": event_type},
            "ce_id": text,
            "ce_source": text,
            "ce_time": {"type": "string", "format": "date-time"},
            "ce_subject": text,
            "traceparent": text,
        },
    }


def documents() -> dict[str, str]:
    files = {f"{name}.json": _dump(schema) for name, schema in json_schemas().items()}
    files["asyncapi.json"] = _dump(asyncapi())
    return files


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/events")
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.json"):
        stale.unlink()
    for name, text in documents().items():
        (target / name).write_text(text)


if __name__ == "__main__":
    main()
