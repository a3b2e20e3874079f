import re
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from carecoord.events import Discipline, Topic
from carecoord.events.schemas import published_events
from carecoord.pagination import Page
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def subscribable() -> list[str]:
    """Every event type but the audit trail's, which goes to a SIEM over Kafka, not to webhooks."""
    return sorted(name for name, model in published_events().items() if model.topic != Topic.AUDIT)


def _known_event_type(value: str) -> str:
    if value not in subscribable():
        raise ValueError(f"unknown event type; known types: {', '.join(subscribable())}")
    return value


def _no_credentials(value: str) -> str:
    """A URL is shown back on every read of the subscription, so it must hold no credentials:
    the webhook signature is how the receiver authenticates us."""
    try:
        has_userinfo = "@" in urlsplit(value).netloc
    except ValueError as error:
        raise ValueError("not a URL") from error
    if has_userinfo:
        raise ValueError("must not contain credentials (user:password@); receivers verify the signature")
    return value


EventType = Annotated[
    str, AfterValidator(_known_event_type), Field(json_schema_extra={"enum": subscribable()})
]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:@-]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubscriptionCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://ehr.example/carecoord/webhooks",
                    "event_types": ["carecoord.referral.accepted.v1", "carecoord.progress.recorded.v1"],
                }
            ]
        }
    )
    url: Annotated[
        str,
        Field(min_length=1, max_length=2000, description="The integrator's HTTPS endpoint"),
        AfterValidator(_no_credentials),
    ]
    event_types: Annotated[list[EventType], Field(min_length=1, max_length=50)]
    clinic_id: Annotated[
        str | None, Field(description="Always the caller's own clinic; accepted for explicitness")
    ] = None
    patient_id: Annotated[Identifier | None, Field(description="Only this patient's events")] = None
    disciplines: Annotated[
        list[Discipline] | None,
        Field(min_length=1, description="Only events concerning one of these disciplines"),
    ] = None


class SubscriptionPublic(BaseModel):
    id: str
    url: str
    event_types: list[str]
    patient_id: str | None
    disciplines: list[str] | None
    status: str = Field(description="active, paused or disabled")
    disabled_reason: str | None
    previous_secret_expires_at: datetime | None = Field(
        description="Until then webhooks carry a second signature made with the previous secret"
    )
    created_at: datetime


class SubscriptionCreated(SubscriptionPublic):
    secret: str = Field(description="The Standard Webhooks signing secret; shown only in this response")


class SecretRotated(BaseModel):
    secret: str = Field(description="The new signing secret; shown only in this response")
    previous_secret_valid_until: datetime


class ReplayRequest(Strict):
    since: datetime = Field(description="Replay deliveries created at or after this instant")
    until: datetime | None = Field(None, description="... and before this one (default: now)")

    @model_validator(mode="after")
    def _window(self) -> "ReplayRequest":
        if self.since.tzinfo is None or (self.until is not None and self.until.tzinfo is None):
            raise ValueError("since and until need a time zone offset")
        if self.until is not None and self.until <= self.since:
            raise ValueError("until must be after since")
        return self


class ReplayResult(BaseModel):
    replayed: int


class DeliveryPublic(BaseModel):
    id: str
    event_id: str
    event_type: str
    status: str = Field(description="pending, delivered or dead")
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime
    created_at: datetime


class AttemptPublic(BaseModel):
    at: datetime = Field(description="When the request went out")
    status_code: int | None
    latency_ms: float
    error: str | None


class DeliveryDetail(DeliveryPublic):
    attempt_log: list[AttemptPublic]


class InboxItemPublic(BaseModel):
    id: int
    patient_id: str | None
    category: str
    title: str
    body: str
    link: str | None
    read_at: datetime | None
    created_at: datetime


class UnreadCount(BaseModel):
    unread: int


ItemId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class MarkRead(Strict):
    item_ids: Annotated[list[ItemId], Field(min_length=1, max_length=500)]


class MarkedRead(BaseModel):
    marked: int


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def _email(value: str | None) -> str | None:
    if value is not None and not _EMAIL.match(value):
        raise ValueError("not an email address")
    return value


class ContactPointPut(Strict):
    email: Annotated[str | None, Field(max_length=254), AfterValidator(_email)] = None
    display_name: Annotated[str | None, Field(max_length=120)] = None


class ContactPointPublic(BaseModel):
    subject_id: str
    email: str | None
    display_name: str | None
    updated_at: datetime


class SubscriptionPage(Page[SubscriptionPublic]):
    pass


class DeliveryPage(Page[DeliveryPublic]):
    pass


class InboxPage(Page[InboxItemPublic]):
    pass
