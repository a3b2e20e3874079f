"""The JSON Schema of every published event type, generated from its model (the rest of the
event contract is built on these in ``carecoord.contract``)."""

from typing import Any

from carecoord.events.base import Event, registered_event_types
from carecoord.events.topics import Topic


def published_events() -> dict[str, type[Event]]:
    """The contract: events on the project's topics (tests may register others)."""
    topics = set(Topic)
    return {name: model for name, model in sorted(registered_event_types().items()) if model.topic in topics}


def json_schemas() -> dict[str, dict[str, Any]]:
    return {event_type: model.model_json_schema() for event_type, model in published_events().items()}
