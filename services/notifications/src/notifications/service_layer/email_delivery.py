"""The email worker: sends queued messages, retries on its schedule, gives up after the last try.

At least once: a crash between the SMTP server's acceptance and the commit resends after the
lease; the stable Message-ID lets the receiving side recognise the copy.
"""

import asyncio
from datetime import timedelta

from carecoord.outbox import Transactions

from notifications.adapters.emails import Row, claim_due_emails, record_email_attempt
from notifications.adapters.mailer import SmtpMailer
from notifications.service_layer.polling import PollingWorker


class EmailWorker(PollingWorker):
    def __init__(
        self,
        transactions: Transactions,
        mailer: SmtpMailer,
        retry_schedule: list[float],
        poll_seconds: float,
        lease_seconds: float,
        batch_size: int = 20,
    ) -> None:
        super().__init__(poll_seconds)
        self._transactions = transactions
        self._mailer = mailer
        self._schedule = retry_schedule
        self._lease = timedelta(seconds=lease_seconds)
        self._batch_size = batch_size

    async def step(self) -> bool:
        claimed = await claim_due_emails(self._transactions.engine, self._lease, self._batch_size)
        await asyncio.gather(*(self._send(row) for row in claimed))
        return len(claimed) == self._batch_size

    async def _send(self, row: Row) -> None:
        attempts = row.attempts + 1
        try:
            await self._mailer.send(row.to_address, row.subject, row.text_body, row.html_body, row.id)
        except Exception as error:
            exhausted = attempts > len(self._schedule)
            async with self._transactions.begin() as uow:
                await record_email_attempt(
                    uow.connection,
                    row.id,
                    status="failed" if exhausted else "pending",
                    attempts=attempts,
                    error=f"{type(error).__name__}: {error}"[:500],
                    retry_in=0 if exhausted else self._schedule[attempts - 1],
                )
            return
        async with self._transactions.begin() as uow:
            await record_email_attempt(
                uow.connection, row.id, status="sent", attempts=attempts, error=None, retry_in=0
            )
