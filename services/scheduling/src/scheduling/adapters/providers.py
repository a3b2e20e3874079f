"""Providers, their time off, and rooms in PostgreSQL."""

import uuid
from datetime import time

import sqlalchemy as sa
from carecoord.events.vocabulary import Discipline
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling.adapters.tables import provider_time_off, providers, rooms
from scheduling.domain.intervals import Interval
from scheduling.domain.providers import Provider, WeeklyPeriod


def periods_to_json(periods: tuple[WeeklyPeriod, ...]) -> list[dict[str, object]]:
    return [{"weekday": p.weekday, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in periods]


def _periods(rows: list[dict[str, object]]) -> tuple[WeeklyPeriod, ...]:
    return tuple(
        WeeklyPeriod(
            int(str(r["weekday"])), time.fromisoformat(str(r["start"])), time.fromisoformat(str(r["end"]))
        )
        for r in rows
    )


class ProviderRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, provider: Provider, display_name: str) -> bool:
        """False when the id is taken."""
        inserted = await self._connection.scalar(
            insert(providers)
            .values(
                id=provider.id,
                clinic_id=provider.clinic_id,
                display_name=display_name,
                discipline=provider.discipline,
                time_zone=provider.time_zone,
                conditions=sorted(c.lower() for c in provider.conditions),
                working_hours=periods_to_json(provider.working_hours),
                breaks=periods_to_json(provider.breaks),
            )
            .on_conflict_do_nothing()
            .returning(providers.c.id)
        )
        return inserted is not None

    async def add_time_off(self, provider_id: str, interval: Interval) -> str:
        time_off_id = str(uuid.uuid4())
        await self._connection.execute(
            provider_time_off.insert().values(
                id=time_off_id, provider_id=provider_id, starts_at=interval.start, ends_at=interval.end
            )
        )
        return time_off_id

    async def get(self, clinic_id: str, provider_id: str, around: Interval) -> Provider | None:
        found = await self.in_clinic(clinic_id, around, provider_ids=[provider_id])
        return found[0] if found else None

    async def in_clinic(
        self,
        clinic_id: str,
        around: Interval,
        *,
        discipline: Discipline | None = None,
        provider_ids: list[str] | None = None,
    ) -> list[Provider]:
        """Providers with the time off that touches ``around`` (the only time off that matters)."""
        query = sa.select(providers).where(providers.c.clinic_id == clinic_id).order_by(providers.c.id)
        if discipline is not None:
            query = query.where(providers.c.discipline == discipline)
        if provider_ids is not None:
            query = query.where(providers.c.id.in_(provider_ids))
        rows = (await self._connection.execute(query)).all()
        time_off = await self._time_off([row.id for row in rows], around)
        return [_provider(row, time_off.get(row.id, ())) for row in rows]

    async def _time_off(self, provider_ids: list[str], around: Interval) -> dict[str, tuple[Interval, ...]]:
        if not provider_ids:
            return {}
        rows = await self._connection.execute(
            sa.select(provider_time_off).where(
                provider_time_off.c.provider_id.in_(provider_ids),
                provider_time_off.c.starts_at < around.end,
                provider_time_off.c.ends_at > around.start,
            )
        )
        found: dict[str, tuple[Interval, ...]] = {}
        for row in rows:
            found[row.provider_id] = (*found.get(row.provider_id, ()), Interval(row.starts_at, row.ends_at))
        return found

    async def display_names(self, clinic_id: str) -> dict[str, str]:
        rows = await self._connection.execute(
            sa.select(providers.c.id, providers.c.display_name).where(providers.c.clinic_id == clinic_id)
        )
        return {row.id: row.display_name for row in rows}


def _provider(row: sa.Row[tuple[object, ...]], time_off: tuple[Interval, ...]) -> Provider:
    return Provider(
        id=row.id,
        clinic_id=row.clinic_id,
        discipline=Discipline(row.discipline),
        time_zone=row.time_zone,
        working_hours=_periods(row.working_hours),
        breaks=_periods(row.breaks),
        time_off=time_off,
        conditions=frozenset(row.conditions),
    )


class RoomRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, clinic_id: str, name: str, kind: str) -> str | None:
        room_id = str(uuid.uuid4())
        inserted = await self._connection.scalar(
            insert(rooms)
            .values(id=room_id, clinic_id=clinic_id, name=name, kind=kind)
            .on_conflict_do_nothing()
            .returning(rooms.c.id)
        )
        return None if inserted is None else room_id

    async def in_clinic(self, clinic_id: str) -> list[sa.Row[tuple[object, ...]]]:
        query = sa.select(rooms).where(rooms.c.clinic_id == clinic_id).order_by(rooms.c.name)
        return list((await self._connection.execute(query)).all())

    async def exists(self, clinic_id: str, room_id: str) -> bool:
        found = await self._connection.scalar(
            sa.select(rooms.c.id).where(rooms.c.id == room_id, rooms.c.clinic_id == clinic_id)
        )
        return found is not None
