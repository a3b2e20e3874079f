"""Every record a care flow leaves on the broker carries a valid W3C ``traceparent``: the
services' events, their audit trail and the delivery outcomes of the webhooks they caused."""

import re

from carecoord.events import NotificationDelivered, Topic
from carecoord_local.testing import MintToken, eventually

from ..reliability.harness.wire import Message, read_all
from .care_flow import run_care_flow
from .conftest import System, WebhookReceiver

TRACEPARENT = re.compile(r"^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$")


async def test_every_record_of_a_care_flow_carries_a_valid_traceparent(
    system: System,
    webhook_receiver: WebhookReceiver,
    mint_token: MintToken,
    kafka_bootstrap: str,
    clinic_id: str,
) -> None:
    await run_care_flow(
        system, mint_token, clinic_id, webhook_receiver.url, ("carecoord.referral.received.v1",)
    )

    async def every_topic_written() -> list[Message] | None:
        records = [m for m in await read_all(kafka_bootstrap) if m.data.get("clinic_id") == clinic_id]
        delivered = any(m.type == NotificationDelivered.type for m in records)
        return records if delivered and {m.topic for m in records} == set(Topic) else None

    records = await eventually(every_topic_written, within=30)
    assert isinstance(records, list)
    untraced = [
        f"{m.topic} {m.type}"
        for m in records
        if not TRACEPARENT.match(m.headers.get("traceparent", b"").decode())
    ]
    assert not untraced, f"records without a valid traceparent: {untraced}"
    by_id = {m.event_id: m for m in records}
    for outcome in (m for m in records if m.type == NotificationDelivered.type):
        delivered = by_id[outcome.data["event_id"]]
        assert _trace_id(outcome) == _trace_id(delivered), (
            "a delivery outcome continues the delivered event's trace"
        )


def _trace_id(message: Message) -> str:
    return message.headers["traceparent"].decode().split("-")[1]
