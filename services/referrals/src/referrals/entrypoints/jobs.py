"""The periodic check for authorizations about to expire. Every replica runs it; a
transaction-level advisory lock lets one at a time do the work, and the alert table makes the
alert once-only even if two ran anyway."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime

import sqlalchemy as sa
from carecoord.outbox import Transactions

from referrals.service_layer.budget import alert_expiring_authorizations

log = logging.getLogger(__name__)
_EXPIRY_JOB_LOCK = 727_101


def _today() -> date:
    return datetime.now(UTC).date()


class AuthorizationExpiryJob:
    def __init__(
        self, transactions: Transactions, every_seconds: float, today: Callable[[], date] = _today
    ) -> None:
        self._transactions = transactions
        self._every_seconds = every_seconds
        self._today = today

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("authorization expiry check failed; retrying at the next interval")
            await asyncio.sleep(self._every_seconds)

    async def run_once(self) -> int:
        """The number of alerts raised; 0 when another replica holds the job."""
        async with self._transactions.begin() as uow:
            lock = sa.select(sa.func.pg_try_advisory_xact_lock(_EXPIRY_JOB_LOCK))
            if not await uow.connection.scalar(lock):
                return 0
            return await alert_expiring_authorizations(uow, self._today())

    def wake(self) -> None:
        """Expiry depends on the calendar, not on commits: the interval is enough."""

    async def close(self) -> None:
        pass
