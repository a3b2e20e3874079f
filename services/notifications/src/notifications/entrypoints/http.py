"""HTTP routes for integrators: subscribe an endpoint, manage it, and read its delivery log."""

import uuid
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Annotated, TypeVar

from carecoord.access import READ_SCOPE_OF_TOPIC, AccessDenied, Decision, holds_read_scope, record_access
from carecoord.auth import Principal, Role
from carecoord.events import Topic, registered_event_types
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.pagination import Cursor, decode_cursor, page
from carecoord.problems import Problem, field_error, invalid
from fastapi import APIRouter, Query, status

from notifications.adapters import subscriptions as store
from notifications.config import NotificationsSettings
from notifications.domain.webhooks import UnsafeTarget, new_signing_secret
from notifications.entrypoints.schemas import (
    AttemptPublic,
    DeliveryDetail,
    DeliveryPage,
    DeliveryPublic,
    ReplayRequest,
    ReplayResult,
    SecretRotated,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPage,
    SubscriptionPublic,
)
from notifications.service_layer import subscriptions as manage

router = APIRouter(tags=["subscriptions"])
T = TypeVar("T")


MANAGERS = frozenset({Role.INTEGRATOR, Role.ADMIN})


def _require_subscription_manager(principal: Principal, resource: str = "subscriptions") -> None:
    """Refused for other roles (``carecoord.http`` audits the refusal)."""
    if principal.role not in MANAGERS:
        raise AccessDenied(Decision.FORBIDDEN, resource)


async def _manageable(runtime: Runtime, principal: Principal, subscription_id: str) -> None:
    """Another clinic's subscription is not found, whatever the role; then the role decides."""
    resource = f"subscriptions/{subscription_id}"
    async with runtime.engine.connect() as connection:
        if not await store.subscription_exists(connection, principal.clinic_id, subscription_id):
            raise AccessDenied(Decision.NOT_FOUND, resource)
    _require_subscription_manager(principal, resource)


def _require_read_scopes(principal: Principal, event_types: list[str]) -> None:
    """An integrator receives as webhooks only what its token may read through the APIs: each
    event type needs the read scope of the service that produces it (or ``system/*.read``)."""
    if principal.role is not Role.INTEGRATOR:
        return
    models = registered_event_types()
    missing = sorted(
        {
            f"{event_type} needs scope {scope}"
            for event_type in event_types
            if (scope := READ_SCOPE_OF_TOPIC.get(Topic(models[event_type].topic))) is not None
            and not holds_read_scope(principal, scope)
        }
    )
    if missing:
        raise AccessDenied(Decision.FORBIDDEN, "subscriptions", reason="; ".join(missing))


def _settings(runtime: Runtime) -> NotificationsSettings:
    settings = runtime.settings
    assert isinstance(settings, NotificationsSettings)
    return settings


def _invalid(field: str, message: str, kind: str) -> Problem:
    return invalid(field_error(["body", field], message, kind))


def _public(row: store.Row) -> SubscriptionPublic:
    return SubscriptionPublic.model_validate(row, from_attributes=True)


@router.post("/subscriptions", status_code=status.HTTP_201_CREATED)
async def create_subscription(
    body: SubscriptionCreate, principal: CurrentPrincipal, runtime: Runtime
) -> SubscriptionCreated:
    _require_subscription_manager(principal)
    _require_read_scopes(principal, body.event_types)
    if body.clinic_id is not None and body.clinic_id != principal.clinic_id:
        raise _invalid("clinic_id", "a subscription covers only the caller's own clinic", "clinic_mismatch")
    try:
        _settings(runtime).target_policy.check(body.url)
    except UnsafeTarget as error:
        raise _invalid("url", str(error), "unsafe_url") from error
    secret = new_signing_secret()
    async with runtime.transactions.begin() as uow:
        row = await store.add_subscription(
            uow.connection,
            {
                "id": str(uuid.uuid4()),
                "clinic_id": principal.clinic_id,
                "owner": principal.subject,
                "url": body.url,
                "event_types": body.event_types,
                "patient_id": body.patient_id,
                "disciplines": [str(d) for d in body.disciplines] if body.disciplines else None,
                "secret": secret,
                "status": "active",
            },
        )
        if body.patient_id is not None:
            # One patient's event stream is clinical data: the grant is on the audit trail.
            await record_access(
                uow.connection,
                principal,
                action="subscribe",
                resource=f"subscriptions/{row.id}",
                patient_id=body.patient_id,
                decision=Decision.ALLOWED,
            )
    return SubscriptionCreated(**_public(row).model_dump(), secret=secret)


@router.get("/subscriptions")
async def read_subscriptions(
    principal: CurrentPrincipal, runtime: Runtime, limit: PageLimit = 50, cursor: Cursor = None
) -> SubscriptionPage:
    """The clinic's subscriptions, oldest first."""
    _require_subscription_manager(principal)
    after = decode_cursor(cursor, datetime, str)
    async with runtime.engine.connect() as connection:
        rows = await store.list_subscriptions(connection, principal.clinic_id, after, limit)
    shown, next_cursor = page(rows, limit, _created_key)
    return SubscriptionPage(items=[_public(row) for row in shown], next_cursor=next_cursor)


def _created_key(row: store.Row) -> tuple[datetime, str]:
    return row.created_at, row.id


@router.get("/subscriptions/{subscription_id}")
async def read_subscription(
    subscription_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> SubscriptionPublic:
    await _manageable(runtime, principal, subscription_id)
    async with runtime.engine.connect() as connection:
        row = await store.get_subscription(connection, principal.clinic_id, subscription_id)
    if row is None:
        raise AccessDenied(Decision.NOT_FOUND, f"subscriptions/{subscription_id}")
    return _public(row)


@router.post("/subscriptions/{subscription_id}/pause")
async def pause_subscription(
    subscription_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> SubscriptionPublic:
    await _manageable(runtime, principal, subscription_id)
    async with runtime.transactions.begin() as uow:
        row = await _or_404(manage.pause(uow, principal.clinic_id, subscription_id), subscription_id)
    return _public(row)


@router.post("/subscriptions/{subscription_id}/resume")
async def resume_subscription(
    subscription_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> SubscriptionPublic:
    await _manageable(runtime, principal, subscription_id)
    async with runtime.transactions.begin() as uow:
        row = await _or_404(manage.resume(uow, principal.clinic_id, subscription_id), subscription_id)
    return _public(row)


@router.post("/subscriptions/{subscription_id}/rotate-secret")
async def rotate_subscription_secret(
    subscription_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> SecretRotated:
    await _manageable(runtime, principal, subscription_id)
    overlap = timedelta(seconds=_settings(runtime).webhook_secret_overlap_seconds)
    async with runtime.transactions.begin() as uow:
        secret, until = await _or_404(
            manage.rotate_secret(uow, principal.clinic_id, subscription_id, overlap), subscription_id
        )
    return SecretRotated(secret=secret, previous_secret_valid_until=until)


@router.post("/subscriptions/{subscription_id}/test", status_code=status.HTTP_202_ACCEPTED)
async def send_test_event(
    subscription_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> DeliveryPublic:
    await _manageable(runtime, principal, subscription_id)
    async with runtime.transactions.begin() as uow:
        row = await _or_404(manage.send_test(uow, principal.clinic_id, subscription_id), subscription_id)
    return DeliveryPublic.model_validate(row, from_attributes=True)


@router.post("/subscriptions/{subscription_id}/replay", status_code=status.HTTP_202_ACCEPTED)
async def replay_deliveries(
    subscription_id: str, body: ReplayRequest, principal: CurrentPrincipal, runtime: Runtime
) -> ReplayResult:
    await _manageable(runtime, principal, subscription_id)
    async with runtime.transactions.begin() as uow:
        count = await _or_404(
            manage.replay(uow, principal.clinic_id, subscription_id, body.since, body.until), subscription_id
        )
    return ReplayResult(replayed=count)


@router.get("/subscriptions/{subscription_id}/deliveries")
async def read_deliveries(
    subscription_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    limit: PageLimit = 50,
    cursor: Cursor = None,
    since: datetime | None = None,
    delivery_status: Annotated[
        str | None, Query(alias="status", pattern="^(pending|delivered|dead)$")
    ] = None,
) -> DeliveryPage:
    """The subscription's deliveries, oldest first."""
    await _manageable(runtime, principal, subscription_id)
    async with runtime.engine.connect() as connection:
        if not await store.subscription_exists(connection, principal.clinic_id, subscription_id):
            raise AccessDenied(Decision.NOT_FOUND, f"subscriptions/{subscription_id}")
        after = decode_cursor(cursor, datetime, str)
        rows = await store.list_deliveries(connection, subscription_id, after, limit, since, delivery_status)
    shown, next_cursor = page(rows, limit, _created_key)
    return DeliveryPage(
        items=[DeliveryPublic.model_validate(row, from_attributes=True) for row in shown],
        next_cursor=next_cursor,
    )


@router.get("/subscriptions/{subscription_id}/deliveries/{delivery_id}")
async def read_delivery(
    subscription_id: str, delivery_id: str, principal: CurrentPrincipal, runtime: Runtime
) -> DeliveryDetail:
    await _manageable(runtime, principal, subscription_id)
    async with runtime.engine.connect() as connection:
        found = await store.subscription_exists(connection, principal.clinic_id, subscription_id)
        row = await store.get_delivery(connection, subscription_id, delivery_id) if found else None
        if row is None:
            raise AccessDenied(
                Decision.NOT_FOUND, f"subscriptions/{subscription_id}/deliveries/{delivery_id}"
            )
        attempts = await store.attempts_of(connection, delivery_id)
    return DeliveryDetail(
        **DeliveryPublic.model_validate(row, from_attributes=True).model_dump(),
        attempt_log=[AttemptPublic.model_validate(a, from_attributes=True) for a in attempts],
    )


async def _or_404(pending: Awaitable[T], subscription_id: str) -> T:
    try:
        return await pending
    except manage.SubscriptionNotFound as error:
        raise AccessDenied(Decision.NOT_FOUND, f"subscriptions/{subscription_id}") from error
