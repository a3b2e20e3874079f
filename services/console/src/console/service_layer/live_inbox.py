"""The user's notifications inbox, relayed live: each item the notifications service streams is
passed on as an HTML fragment, ready for htmx to put at the top of the list."""

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from console.adapters.services import UserServices

RenderItem = Callable[[dict[str, Any]], str]


async def relay_inbox(
    services: UserServices, last_event_id: str | None, render_item: RenderItem
) -> AsyncIterator[str]:
    async with services.stream_lines("notifications", "/inbox/stream", last_event_id) as lines:
        event_id, event, data = "", "", ""
        async for line in lines:
            if line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
            elif line == "" and event == "notification" and data:
                yield sse_message(event_id, "notification", render_item(json.loads(data)))
                event_id, event, data = "", "", ""
            elif line == "":
                event_id, event, data = "", "", ""


def sse_message(event_id: str, event: str, html: str) -> str:
    data = "".join(f"data: {line}\n" for line in html.splitlines() or [""])
    return f"id: {event_id}\nevent: {event}\n{data}\n"
