"""The event catalogue. Each model is the one definition of its type's payload."""

from datetime import date

from pydantic import Field

from carecoord.events.base import Event
from carecoord.events.topics import Topic


class ReferralReceived(Event):
    type = "carecoord.referral.received.v1"
    topic = Topic.REFERRALS

    referral_id: str
    referring_physician_id: str = Field(description="Subject of the referring physician's identity")
    referring_physician_npi: str
    diagnosis_codes: list[str] = Field(description="ICD-10-CM codes")
    conditions: list[str]
    requested_disciplines: list[str]
    received_on: date


class NotificationDelivered(Event):
    type = "carecoord.notification.delivered.v1"
    topic = Topic.NOTIFICATIONS

    delivery_id: str
    subscription_id: str
    event_id: str
    event_type: str
    attempts: int


class NotificationFailed(Event):
    type = "carecoord.notification.failed.v1"
    topic = Topic.NOTIFICATIONS

    delivery_id: str
    subscription_id: str
    event_id: str
    event_type: str
    attempts: int
    reason: str
