"""One visit's changes as the scheduling service allows them: moved to another time, cancelled
with a reason (the service decides whether it is late, which a payer may count as used), or
recorded as a no-show."""

from typing import Any, Literal

from console.adapters.services import UserServices

Change = Literal["reschedule", "cancel", "no-show"]


async def read_visit(services: UserServices, appointment_id: str) -> dict[str, Any]:
    return dict((await services.get("scheduling", f"/appointments/{appointment_id}")).body)


async def change_visit(
    services: UserServices, appointment_id: str, change: Change, body: dict[str, Any]
) -> dict[str, Any]:
    path = f"/appointments/{appointment_id}/{change}"
    return dict((await services.call("POST", "scheduling", path, json=body or None)).body)
