"""How a background loop waits: until it is woken (after a commit) or ``seconds`` pass.

Not ``asyncio.wait_for(event.wait(), seconds)``: on Python 3.11 that swallows a cancellation
arriving just as the event is set, so the loop runs on and a service's shutdown hangs."""

import asyncio
import contextlib


class Wakeup:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> None:
        """Return when woken or after ``seconds``; either way the next call waits afresh."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._event.wait()
        self._event.clear()
