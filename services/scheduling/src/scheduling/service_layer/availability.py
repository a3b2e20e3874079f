"""Free slots for a discipline or a provider, experienced providers first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from carecoord.events.vocabulary import Discipline
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.adapters.providers import ProviderRepository
from scheduling.domain.availability import experienced_first, free_slots
from scheduling.domain.care_plan import CarePlan
from scheduling.domain.intervals import Interval
from scheduling.domain.providers import Provider


@dataclass(frozen=True)
class SlotQuery:
    clinic_id: str
    first_day: date
    last_day: date
    minutes: int
    discipline: Discipline | None = None
    provider_id: str | None = None
    room_id: str | None = None
    plan: CarePlan | None = None


@dataclass(frozen=True)
class OfferedSlot:
    provider: Provider
    interval: Interval
    experienced: bool
    on_care_team: bool | None


def search_range(first_day: date, last_day: date) -> Interval:
    """Wide enough to cover those local days in every time zone."""
    start = datetime.combine(first_day, time(), ZoneInfo("UTC")) - timedelta(days=1)
    return Interval(start, datetime.combine(last_day, time(), ZoneInfo("UTC")) + timedelta(days=2))


async def find_slots(
    connection: AsyncConnection, query: SlotQuery, now: datetime, limit: int
) -> list[OfferedSlot]:
    around = search_range(query.first_day, query.last_day)
    ids = None if query.provider_id is None else [query.provider_id]
    providers = await ProviderRepository(connection).in_clinic(
        query.clinic_id, around, discipline=query.discipline, provider_ids=ids
    )
    repository = AppointmentRepository(connection)
    busy = await repository.busy_by_provider([p.id for p in providers], around)
    room_busy: list[Interval] = []
    if query.room_id is not None:
        room_busy = [a.interval for a in await repository.occupying(around, room_id=query.room_id)]
    conditions = query.plan.conditions if query.plan else frozenset()
    offered: list[OfferedSlot] = []
    for provider in experienced_first(providers, conditions):
        experienced = provider.is_experienced_with(conditions)
        on_team = None if query.plan is None else provider.id in query.plan.care_team
        for slot in free_slots(
            provider,
            query.first_day,
            query.last_day,
            timedelta(minutes=query.minutes),
            [*busy.get(provider.id, []), *room_busy],
            not_before=now,
        ):
            offered.append(OfferedSlot(provider, slot, experienced, on_team))
            if len(offered) >= limit:
                return offered
    return offered
