"""The clinic admin's work: webhook subscriptions (created, paused, resumed, secret rotated) with
their delivery log, from the notifications service; and each service's audit trail. The
services decide who may; the console only shows what they answer the admin."""

from typing import Any

from console.adapters.services import UserServices

PAGE = "50"


async def list_subscriptions(services: UserServices) -> list[dict[str, Any]]:
    return list((await services.get("notifications", "/subscriptions", {"limit": PAGE})).body["items"])


async def create_subscription(services: UserServices, body: dict[str, Any]) -> dict[str, Any]:
    """The new subscription with its signing secret, which is shown this once."""
    return dict((await services.call("POST", "notifications", "/subscriptions", json=body)).body)


async def change_subscription(services: UserServices, subscription_id: str, action: str) -> dict[str, Any]:
    path = f"/subscriptions/{subscription_id}/{action}"
    return dict((await services.call("POST", "notifications", path)).body)


async def subscription_with_deliveries(
    services: UserServices, subscription_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    path = f"/subscriptions/{subscription_id}"
    subscription = (await services.get("notifications", path)).body
    deliveries = (await services.get("notifications", f"{path}/deliveries", {"limit": PAGE})).body["items"]
    return subscription, deliveries


async def audit_page(services: UserServices, service: str, params: dict[str, str]) -> dict[str, Any]:
    return dict((await services.get(service, "/audit", {"limit": PAGE, **params})).body)
