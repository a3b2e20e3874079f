"""Appointment reminders and post-visit check-ins: scheduled from scheduling's events, fired by a
worker. Firing locks the due row, writes the notices and marks the row fired in one transaction,
so each fires once across replicas and a restart loses nothing (the rows are the schedule)."""

from datetime import UTC, datetime, timedelta

from carecoord.envelope import CloudEvent
from carecoord.events import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentNoShow,
    AppointmentRescheduled,
)
from carecoord.events.scheduling import AppointmentEvent
from carecoord.outbox import Transactions, UnitOfWork

from notifications.adapters import scheduled
from notifications.adapters.care_plans import deep_pressure_disciplines
from notifications.domain.reminders import (
    NoticeKind,
    check_in_due_at,
    earns_check_in,
    patient_notice,
    reminder_due_at,
    reminder_still_useful,
)
from notifications.service_layer.notify import deliver_notices
from notifications.service_layer.polling import PollingWorker


def _details(event: AppointmentEvent) -> dict[str, object]:
    return {
        "discipline": str(event.discipline),
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "provider_id": event.provider_id,
    }


class ReminderScheduling:
    """Event handlers that keep the schedule in step with the appointments."""

    def __init__(self, lead: timedelta, check_in_delay: timedelta) -> None:
        self._lead = lead
        self._check_in_delay = check_in_delay

    async def on_booked(self, uow: UnitOfWork, event: AppointmentBooked, envelope: CloudEvent) -> None:
        if event.host_appointment_id is None:  # spot work rides on its host session's reminder
            await self._remind(uow, event, replace=False)

    async def on_rescheduled(
        self, uow: UnitOfWork, event: AppointmentRescheduled, envelope: CloudEvent
    ) -> None:
        await self._remind(uow, event, replace=True)

    async def on_called_off(
        self, uow: UnitOfWork, event: AppointmentCancelled | AppointmentNoShow, envelope: CloudEvent
    ) -> None:
        await scheduled.cancel(uow.connection, event.appointment_id)

    async def on_completed(self, uow: UnitOfWork, event: AppointmentCompleted, envelope: CloudEvent) -> None:
        deep = await deep_pressure_disciplines(uow.connection, event.care_plan_id)
        if earns_check_in(str(event.discipline), deep):
            await self._schedule(
                uow, event, NoticeKind.CHECK_IN, check_in_due_at(event.ends_at, self._check_in_delay), False
            )

    async def _remind(self, uow: UnitOfWork, event: AppointmentEvent, replace: bool) -> None:
        due = reminder_due_at(event.starts_at, self._lead)
        await self._schedule(uow, event, NoticeKind.REMINDER, due, replace)

    async def _schedule(
        self, uow: UnitOfWork, event: AppointmentEvent, kind: NoticeKind, due: datetime, replace: bool
    ) -> None:
        await scheduled.schedule(
            uow.connection,
            clinic_id=event.clinic_id,
            patient_id=event.patient_id,
            appointment_id=event.appointment_id,
            kind=kind,
            due_at=due,
            details=_details(event),
            replace=replace,
        )


class ScheduledNoticeWorker(PollingWorker):
    def __init__(self, transactions: Transactions, poll_seconds: float, batch_size: int = 100) -> None:
        super().__init__(poll_seconds)
        self._transactions = transactions
        self._batch_size = batch_size

    async def step(self) -> bool:
        # Not ``transactions.begin()``: an empty round must not wake every worker (this one too).
        async with self._transactions.engine.begin() as connection:
            uow = UnitOfWork(connection, self._transactions.source)
            due = await scheduled.lock_due(connection, self._batch_size)
            for row in due:
                await self._fire(uow, row)
        if due:
            for wake in self._transactions.after_commit:
                wake()
        return len(due) == self._batch_size

    async def _fire(self, uow: UnitOfWork, row: scheduled.Row) -> None:
        kind = NoticeKind(row.kind)
        starts_at = datetime.fromisoformat(row.details["starts_at"])
        if kind is NoticeKind.REMINDER and not reminder_still_useful(starts_at, datetime.now(UTC)):
            await scheduled.mark(uow.connection, row.id, scheduled.SKIPPED)
            return
        notice = patient_notice(kind, row.patient_id, row.appointment_id, row.details)
        # The start time is in the key: a reminder re-armed by a reschedule is a new message.
        source_key = f"{kind}:{row.appointment_id}:{row.details['starts_at']}"
        await deliver_notices(uow, row.clinic_id, source_key, [notice])
        await scheduled.mark(uow.connection, row.id, scheduled.FIRED)
