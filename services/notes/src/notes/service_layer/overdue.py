"""The periodic job that reports drafts left unsigned past their window.

Safe with several replicas: each pass claims due drafts with FOR UPDATE SKIP LOCKED and marks them
reported in the same transaction as the event, so each overdue note is announced exactly once."""

import asyncio
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from carecoord.events import NoteOverdue
from carecoord.events.vocabulary import Discipline
from carecoord.outbox import Transactions
from carecoord.telemetry import new_trace

from notes.adapters.tables import notes

log = logging.getLogger(__name__)


async def report_overdue_notes(transactions: Transactions, now: datetime, batch_size: int = 200) -> int:
    async with transactions.begin() as uow:
        due = (
            await uow.connection.execute(
                sa.select(notes)
                .where(
                    notes.c.status == "draft", notes.c.overdue_reported_at.is_(None), notes.c.due_at <= now
                )
                .order_by(notes.c.due_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for row in due:
            with new_trace("report overdue note"):
                await uow.publish(
                    NoteOverdue(
                        clinic_id=row.clinic_id,
                        patient_id=row.patient_id,
                        note_id=row.id,
                        appointment_id=row.appointment_id,
                        author_id=row.author_id,
                        discipline=Discipline(row.discipline),
                        due_at=row.due_at,
                    ),
                    subject=f"notes/{row.id}",
                )
        if due:
            await uow.connection.execute(
                notes.update().where(notes.c.id.in_([row.id for row in due])).values(overdue_reported_at=now)
            )
    return len(due)


class OverdueNotesJob:
    """A service worker (see ``ServiceRuntime.add_worker``) that runs the check on an interval."""

    def __init__(self, transactions: Transactions, every_seconds: float) -> None:
        self._transactions = transactions
        self._every_seconds = every_seconds

    async def run(self) -> None:
        while True:
            try:
                while await report_overdue_notes(self._transactions, datetime.now(UTC)):
                    pass
            except Exception:
                log.exception("overdue check failed; it runs again at the next interval")
            await asyncio.sleep(self._every_seconds)

    def wake(self) -> None:
        """Commits do not make notes overdue; only time does, so there is nothing to wake for."""

    async def close(self) -> None:
        return None
