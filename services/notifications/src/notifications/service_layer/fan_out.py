"""From a consumed event to one pending delivery per matching subscription."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from carecoord.envelope import CloudEvent
from carecoord.events import Event
from carecoord.outbox import UnitOfWork
from sqlalchemy.dialects.postgresql import ARRAY, insert

from notifications.adapters.tables import deliveries, subscriptions
from notifications.domain.filters import disciplines_of


def webhook_payload(envelope: CloudEvent) -> dict[str, object]:
    """Thin by design: the event's ids and facts, and where to fetch details with a token."""
    return {
        "type": envelope.type,
        "timestamp": envelope.time.isoformat(),
        "data": {**envelope.data, "event_id": envelope.id, "subject": envelope.subject},
    }


async def fan_out(uow: UnitOfWork, event: Event, envelope: CloudEvent) -> None:
    clinic_id, patient_id = event.clinic_id, event.patient_id
    matching = (
        await uow.connection.scalars(
            sa.select(subscriptions.c.id).where(
                subscriptions.c.clinic_id == clinic_id,
                # A paused subscription still records its deliveries; they go out on resume.
                subscriptions.c.status.in_(["active", "paused", "disabled"]),  # held until resumed
                subscriptions.c.event_types.any_() == envelope.type,
                sa.or_(subscriptions.c.patient_id.is_(None), subscriptions.c.patient_id == patient_id),
                sa.or_(
                    subscriptions.c.disciplines.is_(None),
                    subscriptions.c.disciplines.overlap(
                        sa.cast(disciplines_of(envelope.data), ARRAY(sa.Text))
                    ),
                ),
            )
        )
    ).all()
    if not matching:
        return
    payload = webhook_payload(envelope)
    now = datetime.now(UTC)
    await uow.connection.execute(
        insert(deliveries)
        .values(
            [
                {
                    "id": str(uuid.uuid4()),
                    "subscription_id": subscription_id,
                    "clinic_id": clinic_id,
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "patient_id": patient_id,
                    "payload": payload,
                    "traceparent": envelope.traceparent,
                    "status": "pending",
                    "next_attempt_at": now,
                }
                for subscription_id in matching
            ]
        )
        .on_conflict_do_nothing(constraint="deliveries_once_per_event_and_subscription")
    )
