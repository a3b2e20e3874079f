import json

import httpx
from console.adapters.services import UserServices
from console.service_layer.live_inbox import relay_inbox, sse_message

ITEM = {"id": 7, "title": "Progress recorded"}
STREAM = f"retry: 2000\n\n: keep-alive\n\nid: 7\nevent: notification\ndata: {json.dumps(ITEM)}\n\n"


async def test_each_streamed_item_is_relayed_as_an_html_fragment_with_its_id() -> None:
    seen: list[httpx.Request] = []

    def notifications(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text=STREAM, headers={"content-type": "text/event-stream"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(notifications)) as http:
        services = UserServices(http, {"notifications": "http://notifications"}, "user-token")
        relayed = [m async for m in relay_inbox(services, "5", lambda item: f"<li>\n{item['title']}\n</li>")]

    assert relayed == ["id: 7\nevent: notification\ndata: <li>\ndata: Progress recorded\ndata: </li>\n\n"]
    assert seen[0].headers["Authorization"] == "Bearer user-token"  # the user's own token, not the console's
    assert seen[0].headers["Last-Event-ID"] == "5"


def test_an_empty_fragment_is_still_one_data_line() -> None:
    assert sse_message("1", "notification", "") == "id: 1\nevent: notification\ndata: \n\n"
