"""The loop every background worker here shares: act when woken after a commit or every
``poll_seconds``; a failed round is logged and retried, never fatal."""

import logging

from carecoord.wakeup import Wakeup

log = logging.getLogger(__name__)


class PollingWorker:
    def __init__(self, poll_seconds: float) -> None:
        self._poll_seconds = poll_seconds
        self._wakeup = Wakeup()

    def wake(self) -> None:
        self._wakeup.set()

    async def close(self) -> None:
        pass

    async def step(self) -> bool:
        """One round; True when more work is waiting right away."""
        raise NotImplementedError

    async def run(self) -> None:
        while True:
            try:
                more = await self.step()
            except Exception:
                log.exception("%s round failed; its work stays due", type(self).__name__)
                more = False
            if not more:
                await self._wakeup.wait(self._poll_seconds)
