from datetime import datetime
from typing import Annotated

from carecoord.events import registered_event_types
from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _known_event_type(value: str) -> str:
    if value not in registered_event_types():
        raise ValueError(f"unknown event type; known types: {', '.join(sorted(registered_event_types()))}")
    return value


EventType = Annotated[str, AfterValidator(_known_event_type)]


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, Field(min_length=1, max_length=2000, description="The integrator's HTTPS endpoint")]
    event_types: Annotated[list[EventType], Field(min_length=1, max_length=50)]
    patient_id: Annotated[str | None, Field(max_length=64, description="Only this patient's events")] = None


class SubscriptionPublic(BaseModel):
    id: str
    url: str
    event_types: list[str]
    patient_id: str | None
    status: str
    created_at: datetime


class SubscriptionCreated(SubscriptionPublic):
    secret: str = Field(description="The Standard Webhooks signing secret; shown only in this response")


class DeliveryPublic(BaseModel):
    id: str
    event_id: str
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    next_attempt_at: datetime
    created_at: datetime
