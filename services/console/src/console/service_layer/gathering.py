"""Reading what a page shows from several services at once, where one missing part (a service
down, a projection not built yet) leaves a note in its place instead of failing the page."""

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from console.adapters.services import Reply, ServiceRefused, ServiceUnavailable


@dataclass(frozen=True)
class Part:
    body: Any
    problem: str | None = None


async def optional(reply: Awaitable[Reply]) -> Part:
    try:
        return Part((await reply).body)
    except ServiceUnavailable as down:
        return Part(None, f"Not shown: {down}.")
    except ServiceRefused as refused:
        return Part(None, f"Not available yet ({refused.service}: {refused.detail}).")


async def all_optional(*replies: Awaitable[Reply]) -> list[Part]:
    return list(await asyncio.gather(*(optional(reply) for reply in replies)))
