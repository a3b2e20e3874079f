"""HTTP routes for integrators: subscribe an endpoint to event types and read its delivery log."""

import uuid
from typing import Annotated

from carecoord.access import AccessDenied, Decision
from carecoord.auth import Principal, Role
from carecoord.http import CurrentPrincipal, Runtime
from fastapi import APIRouter, HTTPException, Query, status

from notifications.adapters.subscriptions import (
    add_subscription,
    list_deliveries,
    list_subscriptions,
    subscription_exists,
)
from notifications.config import NotificationsSettings
from notifications.domain.webhooks import TargetPolicy, UnsafeTarget, new_signing_secret
from notifications.entrypoints.schemas import (
    DeliveryPublic,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
)

router = APIRouter(tags=["subscriptions"])
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0)]


def _require_subscription_manager(principal: Principal) -> None:
    if principal.role not in (Role.INTEGRATOR, Role.ADMIN):
        raise AccessDenied(Decision.FORBIDDEN, "subscriptions")


@router.post("/subscriptions", status_code=status.HTTP_201_CREATED)
async def create_subscription(
    body: SubscriptionCreate, principal: CurrentPrincipal, runtime: Runtime
) -> SubscriptionCreated:
    _require_subscription_manager(principal)
    settings = runtime.settings
    assert isinstance(settings, NotificationsSettings)
    try:
        TargetPolicy(allow_insecure=settings.webhook_allow_insecure_targets).check(body.url)
    except UnsafeTarget as error:
        raise HTTPException(
            422, [{"loc": ["body", "url"], "msg": str(error), "type": "unsafe_url"}]
        ) from error
    secret = new_signing_secret()
    async with runtime.transactions.begin() as uow:
        row = await add_subscription(
            uow.connection,
            {
                "id": str(uuid.uuid4()),
                "clinic_id": principal.clinic_id,
                "owner": principal.subject,
                "url": body.url,
                "event_types": body.event_types,
                "patient_id": body.patient_id,
                "secret": secret,
                "status": "active",
            },
        )
    return SubscriptionCreated(
        **SubscriptionPublic.model_validate(row, from_attributes=True).model_dump(), secret=secret
    )


@router.get("/subscriptions")
async def read_subscriptions(
    principal: CurrentPrincipal, runtime: Runtime, limit: Limit = 50, offset: Offset = 0
) -> list[SubscriptionPublic]:
    _require_subscription_manager(principal)
    async with runtime.engine.connect() as connection:
        rows = await list_subscriptions(connection, principal.clinic_id, limit, offset)
    return [SubscriptionPublic.model_validate(row, from_attributes=True) for row in rows]


@router.get("/subscriptions/{subscription_id}/deliveries")
async def read_deliveries(
    subscription_id: str, principal: CurrentPrincipal, runtime: Runtime, limit: Limit = 50, offset: Offset = 0
) -> list[DeliveryPublic]:
    _require_subscription_manager(principal)
    async with runtime.engine.connect() as connection:
        if not await subscription_exists(connection, principal.clinic_id, subscription_id):
            raise AccessDenied(Decision.NOT_FOUND, f"subscriptions/{subscription_id}")
        rows = await list_deliveries(connection, subscription_id, limit, offset)
    return [DeliveryPublic.model_validate(row, from_attributes=True) for row in rows]
