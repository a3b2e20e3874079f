"""The signed-in user's notifications: the inbox page, marking items read, and the live stream
every signed-in page listens to."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.entrypoints.web import CheckedForm, Services, render, templates
from console.service_layer.live_inbox import relay_inbox

router = APIRouter()


@router.get("/notifications")
async def show_notifications(request: Request, services: Services) -> HTMLResponse:
    items = (await services.get("notifications", "/inbox", {"limit": "50"})).body["items"]
    newest = max((item["id"] for item in items), default=0)
    return render(request, "notifications.html", {"items": items, "stream_after": newest})


@router.post("/notifications/read")
async def mark_all_read(form: CheckedForm, services: Services) -> RedirectResponse:
    item_ids = [
        int(value) for value in form.getlist("item_ids") if isinstance(value, str) and value.isdigit()
    ]
    if item_ids:
        await services.call("POST", "notifications", "/inbox/read", json={"item_ids": item_ids})
    return RedirectResponse("/notifications", status_code=303)


@router.get("/notifications/stream")
async def stream_notifications(
    request: Request, services: Services, after: Annotated[int | None, Query(ge=0, le=2**63 - 1)] = None
) -> StreamingResponse:
    """Live items. A reconnecting browser sends Last-Event-ID; a page that already lists items
    names the newest it shows (``after``), so nothing arriving in between is missed."""
    resume_from = request.headers.get("Last-Event-ID") or (str(after) if after is not None else None)
    item_template = templates.get_template("notification_item.html")

    def render_item(item: dict[str, Any]) -> str:
        return item_template.render(item=item, live=True)

    async def events() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        try:
            async for message in relay_inbox(services, resume_from, render_item):
                yield message
        except (ServiceUnavailable, ServiceRefused):
            return  # the browser reconnects after the retry interval

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
