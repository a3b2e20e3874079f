"""Request limits (OWASP API4), enforced around the whole application.

``BodySizeLimit``: a declared ``Content-Length`` over the cap is refused at once; a body without
one (chunked) is read up to the cap and refused as soon as it passes it, so neither form can make
a route buffer more than ``max_bytes``.

``TimeLimit``: a request that has not started its response within ``seconds`` is cancelled, its
transaction rolled back, and answered 503. Once the response has started (a server-sent event
stream) the limit no longer applies.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from carecoord.problems import PROBLEM_JSON, Problem
from carecoord.telemetry import route_of

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

log = logging.getLogger(__name__)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await self._refuse(scope, send)
                return
            await self.app(scope, receive, send)  # the server holds the body to its declared length
            return
        buffered = await self._read_bounded(receive)
        if buffered is None:
            await self._refuse(scope, send)
            return
        await self.app(scope, _replay(buffered, receive), send)

    async def _read_bounded(self, receive: Receive) -> list[Message] | None:
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return None
            if not message.get("more_body", False):
                return messages

    async def _refuse(self, scope: MutableMapping[str, Any], send: Send) -> None:
        await _answer(send, scope, Problem(413, f"request body exceeds {self.max_bytes} bytes"))


class TimeLimit:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        try:
            async with asyncio.timeout(self.seconds) as deadline:

                async def send_and_lift_deadline(message: Message) -> None:
                    nonlocal started
                    if message["type"] == "http.response.start":
                        started = True
                        deadline.reschedule(None)
                    await send(message)

                await self.app(scope, receive, send_and_lift_deadline)
        except TimeoutError:
            if started:
                raise
            log.warning("request exceeded %ss: %s %s", self.seconds, scope["method"], route_of(scope))
            message = f"the request took longer than {self.seconds:g}s; nothing was written, retry later"
            await _answer(send, scope, Problem(503, message, headers={"retry-after": "5"}))


async def _answer(send: Send, scope: MutableMapping[str, Any], problem: Problem) -> None:
    body = problem.encoded(scope["path"])
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        *((name.encode(), value.encode()) for name, value in problem.headers.items()),
    ]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """The buffered messages first, then the connection's own (a later disconnect)."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
