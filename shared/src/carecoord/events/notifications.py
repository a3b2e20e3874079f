"""Events the notifications service publishes on ``carecoord.notifications``."""

from carecoord.events.base import Event
from carecoord.events.topics import Topic


class DeliveryEvent(Event):
    topic = Topic.NOTIFICATIONS

    delivery_id: str
    subscription_id: str
    event_id: str
    event_type: str
    attempts: int


class NotificationDelivered(DeliveryEvent):
    type = "carecoord.notification.delivered.v1"


class NotificationFailed(DeliveryEvent):
    type = "carecoord.notification.failed.v1"

    reason: str
