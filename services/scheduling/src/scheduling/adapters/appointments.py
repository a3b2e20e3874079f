"""Appointments in PostgreSQL: the overlap queries ride on the exclusion constraints' GiST indexes."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from carecoord.events.vocabulary import Discipline
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling.adapters.tables import OCCUPYING_SQL, appointments
from scheduling.domain.appointments import Appointment, Status
from scheduling.domain.care_plan import CarePlan
from scheduling.domain.intervals import Interval

_OCCUPYING = sa.text(OCCUPYING_SQL)
_MISSED = sa.text("status = 'no_show' OR (status = 'cancelled' AND late_cancel)")
_table = appointments


def _overlapping(interval: Interval) -> sa.ColumnElement[bool]:
    return _table.c.during.op("&&")(sa.func.tstzrange(interval.start, interval.end, "[)"))


class AppointmentRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, appointment: Appointment) -> None:
        await self._connection.execute(_table.insert().values(**_columns(appointment)))

    async def get(
        self, clinic_id: str, appointment_id: str, *, for_update: bool = False
    ) -> Appointment | None:
        query = sa.select(_table).where(_table.c.id == appointment_id, _table.c.clinic_id == clinic_id)
        row = (await self._connection.execute(query.with_for_update() if for_update else query)).first()
        return None if row is None else _appointment(row)

    async def move(self, appointment: Appointment) -> None:
        await self._connection.execute(
            _table.update()
            .where(_table.c.id == appointment.id)
            .values(starts_at=appointment.interval.start, ends_at=appointment.interval.end)
        )

    async def set_status(
        self, appointment_id: str, status: Status, *, reason: str | None = None, late: bool | None = None
    ) -> None:
        await self._connection.execute(
            _table.update()
            .where(_table.c.id == appointment_id)
            .values(status=status, cancel_reason=reason, late_cancel=late)
        )

    async def occupying(
        self,
        interval: Interval,
        *,
        provider_id: str | None = None,
        patient_id: str | None = None,
        room_id: str | None = None,
        excluding: str | None = None,
    ) -> list[Appointment]:
        """Occupying appointments of one provider, patient or room that overlap ``interval``."""
        query = sa.select(_table).where(_OCCUPYING, _overlapping(interval))
        for column, value in (("provider_id", provider_id), ("patient_id", patient_id), ("room_id", room_id)):
            if value is not None:
                query = query.where(_table.c[column] == value)
        if excluding is not None:
            query = query.where(_table.c.id != excluding)
        return [_appointment(row) for row in await self._connection.execute(query)]

    async def busy_by_provider(
        self, provider_ids: list[str], interval: Interval
    ) -> dict[str, list[Interval]]:
        rows = await self._connection.execute(
            sa.select(_table.c.provider_id, _table.c.starts_at, _table.c.ends_at).where(
                _table.c.provider_id.in_(provider_ids), _OCCUPYING, _overlapping(interval)
            )
        )
        busy: dict[str, list[Interval]] = {}
        for row in rows:
            busy.setdefault(row.provider_id, []).append(Interval(row.starts_at, row.ends_at))
        return busy

    async def visits_counted(
        self, plan: CarePlan, discipline: Discipline, excluding: str | None = None
    ) -> int:
        """Booked, checked-in and completed visits, and missed ones (no-shows, late cancellations)
        when the payer counts them: what the authorization no longer has room for."""
        counts_missed = plan.authorization is not None and plan.authorization.payer_counts_missed
        counted = sa.or_(_OCCUPYING, _MISSED) if counts_missed else _OCCUPYING
        query = sa.select(sa.func.count()).where(
            _table.c.care_plan_id == plan.id, _table.c.discipline == discipline, counted
        )
        if excluding is not None:
            query = query.where(_table.c.id != excluding)
        return int(await self._connection.scalar(query) or 0)

    async def nested_in(self, host_id: str) -> list[Appointment]:
        query = sa.select(_table).where(_table.c.host_appointment_id == host_id, _OCCUPYING)
        return [_appointment(row) for row in await self._connection.execute(query)]

    async def page(
        self,
        clinic_id: str,
        *,
        provider_id: str | None = None,
        patient_id: str | None = None,
        starting: Interval,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Appointment]:
        """A calendar page ordered by start then id; ``after`` is the last row of the previous page."""
        query = sa.select(_table).where(
            _table.c.clinic_id == clinic_id,
            _table.c.starts_at >= starting.start,
            _table.c.starts_at < starting.end,
        )
        if provider_id is not None:
            query = query.where(_table.c.provider_id == provider_id)
        if patient_id is not None:
            query = query.where(_table.c.patient_id == patient_id)
        if after is not None:
            query = query.where(sa.tuple_(_table.c.starts_at, _table.c.id) > sa.tuple_(*after))
        query = query.order_by(_table.c.starts_at, _table.c.id).limit(limit)
        return [_appointment(row) for row in await self._connection.execute(query)]


def _columns(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.id,
        "clinic_id": appointment.clinic_id,
        "patient_id": appointment.patient_id,
        "care_plan_id": appointment.care_plan_id,
        "provider_id": appointment.provider_id,
        "discipline": appointment.discipline,
        "room_id": appointment.room_id,
        "starts_at": appointment.interval.start,
        "ends_at": appointment.interval.end,
        "status": appointment.status,
        "series_id": appointment.series_id,
        "host_appointment_id": appointment.host_appointment_id,
    }


def _appointment(row: sa.Row[tuple[Any, ...]]) -> Appointment:
    return Appointment(
        id=row.id,
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        care_plan_id=row.care_plan_id,
        provider_id=row.provider_id,
        discipline=Discipline(row.discipline),
        interval=Interval(row.starts_at, row.ends_at),
        room_id=row.room_id,
        series_id=row.series_id,
        host_appointment_id=row.host_appointment_id,
        status=Status(row.status),
        cancel_reason=row.cancel_reason,
        late_cancel=row.late_cancel,
    )
