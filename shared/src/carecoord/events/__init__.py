"""Versioned event models, their registry, and the topics they travel on."""

from carecoord.events.base import Event, event_model_for, registered_event_types
from carecoord.events.catalogue import (
    NotificationDelivered,
    NotificationFailed,
    ReferralReceived,
)
from carecoord.events.topics import Topic, dead_letter_topic

__all__ = [
    "Event",
    "NotificationDelivered",
    "NotificationFailed",
    "ReferralReceived",
    "Topic",
    "dead_letter_topic",
    "event_model_for",
    "registered_event_types",
]
