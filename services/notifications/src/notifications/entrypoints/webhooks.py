"""The webhooks an integrator receives, in the OpenAPI document's ``webhooks`` section: one per
event type that can be subscribed to, with its payload's schema and the Standard Webhooks
signature headers (``notifications.adapters.webhook_client`` sends exactly this)."""

from datetime import datetime
from typing import Annotated, Any

from carecoord.events.schemas import published_events
from fastapi import FastAPI, Header
from pydantic import BaseModel, Field, create_model

from notifications.entrypoints.schemas import subscribable

SIGNATURE_HEADERS = (
    "Standard Webhooks (https://www.standardwebhooks.com): the receiver computes the base64 "
    "HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` with the subscription's secret (the "
    "part after `whsec_`, base64-decoded), compares it with each signature of `webhook-signature`, "
    "refuses a timestamp more than five minutes away, and drops a repeated `webhook-id`. Any 2xx "
    "answer acknowledges; anything else, or no answer within 15 s, is retried with backoff."
)
WebhookId = Annotated[str, Header(description="The delivery's id, the same on every retry")]
WebhookTimestamp = Annotated[int, Header(description="Seconds since the epoch when this attempt was signed")]
WebhookSignature = Annotated[
    str,
    Header(
        description="`v1,<base64 signature>`, one per secret in use, space-separated (during a rotation)",
        pattern=r"^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$",
    ),
]


def add_webhooks(app: FastAPI) -> None:
    models = published_events()
    for event_type in subscribable():
        model = models[event_type]
        app.webhooks.add_api_route(
            event_type,
            _receiver(_payload(event_type, model)),
            methods=["POST"],
            name="on_" + "_".join(event_type.split(".")[1:]),
            summary=f"{event_type}, as a signed webhook",
            description=f"{(model.__doc__ or '').strip()}\n\n{SIGNATURE_HEADERS}",
            tags=["webhooks"],
            response_description="Acknowledged (any 2xx)",
        )


def _payload(event_type: str, model: type[BaseModel]) -> type[BaseModel]:
    name = model.__name__
    data = create_model(
        f"{name}WebhookData",
        __base__=model,
        event_id=(str, Field(description="The CloudEvents id; the same event is never sent twice")),
        subject=(str | None, Field(None, description="The CloudEvents subject")),
    )
    return create_model(
        f"{name}Webhook",
        type=(str, Field(json_schema_extra={"const": event_type})),
        timestamp=(datetime, Field(description="When the event happened")),
        data=(data, ...),
    )


def _receiver(payload: type[BaseModel]) -> Any:
    async def receive(
        body: payload,  # type: ignore[valid-type]
        webhook_id: WebhookId,
        webhook_timestamp: WebhookTimestamp,
        webhook_signature: WebhookSignature,
    ) -> None:
        """Documentation only: the integrator's endpoint is what receives this."""

    return receive
