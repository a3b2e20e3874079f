"""Integrators' subscription management: pause, resume, rotate the secret, test, replay."""

import uuid
from datetime import UTC, datetime, timedelta

from carecoord.outbox import UnitOfWork

from notifications.adapters import subscriptions as store
from notifications.domain.webhooks import new_signing_secret

TEST_EVENT_TYPE = "carecoord.webhook.test.v1"


class SubscriptionNotFound(LookupError):
    pass


def _found(row: store.Row | None, subscription_id: str) -> store.Row:
    if row is None:
        raise SubscriptionNotFound(subscription_id)
    return row


async def pause(uow: UnitOfWork, clinic_id: str, subscription_id: str) -> store.Row:
    """Deliveries keep being recorded while paused and go out in order after resume."""
    row = await store.update_subscription(uow.connection, clinic_id, subscription_id, status="paused")
    return _found(row, subscription_id)


async def resume(uow: UnitOfWork, clinic_id: str, subscription_id: str) -> store.Row:
    """Also re-enables a disabled endpoint once its owner has fixed it."""
    row = await store.update_subscription(
        uow.connection, clinic_id, subscription_id, status="active", disabled_reason=None, failing_since=None
    )
    return _found(row, subscription_id)


async def rotate_secret(
    uow: UnitOfWork, clinic_id: str, subscription_id: str, overlap: timedelta
) -> tuple[str, datetime]:
    """A new secret signs from now on; the old one keeps signing too until ``overlap`` ends, so
    the receiver can switch without rejecting anything."""
    current = _found(
        await store.get_subscription(uow.connection, clinic_id, subscription_id), subscription_id
    )
    secret, until = new_signing_secret(), datetime.now(UTC) + overlap
    await store.update_subscription(
        uow.connection,
        clinic_id,
        subscription_id,
        secret=secret,
        previous_secret=current.secret,
        previous_secret_expires_at=until,
    )
    return secret, until


async def send_test(uow: UnitOfWork, clinic_id: str, subscription_id: str) -> store.Row:
    _found(await store.get_subscription(uow.connection, clinic_id, subscription_id), subscription_id)
    now, event_id = datetime.now(UTC), str(uuid.uuid4())
    return await store.add_delivery(
        uow.connection,
        {
            "id": str(uuid.uuid4()),
            "subscription_id": subscription_id,
            "clinic_id": clinic_id,
            "event_id": event_id,
            "event_type": TEST_EVENT_TYPE,
            "patient_id": None,
            "payload": {
                "type": TEST_EVENT_TYPE,
                "timestamp": now.isoformat(),
                "data": {"subscription_id": subscription_id, "event_id": event_id},
            },
            "status": "pending",
            "next_attempt_at": now,
        },
    )


async def replay(
    uow: UnitOfWork, clinic_id: str, subscription_id: str, since: datetime, until: datetime | None
) -> int:
    _found(await store.get_subscription(uow.connection, clinic_id, subscription_id), subscription_id)
    return await store.rearm_deliveries(uow.connection, subscription_id, since, until, datetime.now(UTC))
