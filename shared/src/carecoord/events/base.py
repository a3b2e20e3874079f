"""The base of every event model and the registry from CloudEvents type to model.

A type name ends in its version (``carecoord.referral.received.v1``); a breaking change is a new
class with a new version, never an edit of an old one. Consumers ignore fields they do not know.
"""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

_REGISTRY: dict[str, type["Event"]] = {}


class Event(BaseModel):
    """Facts a consumer needs, never free text or full demographics (minimum necessary)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: ClassVar[str]
    topic: ClassVar[str]
    # The field whose value is the Kafka message key: one patient's events stay in order.
    key_field: ClassVar[str] = "patient_id"

    clinic_id: str
    patient_id: str

    def message_key(self) -> str:
        key: str = getattr(self, self.key_field)
        return key

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("type")
        if event_type is None:
            return
        if not event_type.startswith("carecoord.") or not event_type.rsplit(".", 1)[-1].startswith("v"):
            raise ValueError(f"event type {event_type!r} must look like carecoord.<noun>.<verb>.v<N>")
        if event_type in _REGISTRY:
            raise ValueError(f"event type {event_type!r} is registered twice")
        _REGISTRY[event_type] = cls


def event_model_for(event_type: str) -> type[Event] | None:
    """The model of a known type, or None: unknown types are ignored, not errors."""
    return _REGISTRY.get(event_type)


def registered_event_types() -> dict[str, type[Event]]:
    return dict(_REGISTRY)
