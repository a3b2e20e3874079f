"""Providers, their time off, rooms, and a provider's calendar."""

from datetime import UTC, datetime, time, timedelta
from typing import Literal

from carecoord.access import Decision, record_access
from carecoord.http import CurrentPrincipal, PageLimit, Runtime
from carecoord.openapi import problem_responses
from carecoord.pagination import Cursor
from carecoord.problems import Problem
from fastapi import APIRouter, status

from scheduling.adapters.appointments import AppointmentRepository
from scheduling.adapters.providers import ProviderRepository, RoomRepository
from scheduling.domain.intervals import Interval
from scheduling.domain.providers import Provider, WeeklyPeriod
from scheduling.entrypoints.access import MANAGERS, not_found, require_role
from scheduling.entrypoints.presenters import calendar_cursor, page_of
from scheduling.entrypoints.schemas import (
    AppointmentPage,
    Day,
    ProviderCreate,
    ProviderPublic,
    RoomCreate,
    RoomPublic,
    TimeOffCreate,
    WeeklyPeriodIn,
)
from scheduling.service_layer.availability import search_range

router = APIRouter(tags=["providers"])
ALL_TIME = Interval(datetime(1970, 1, 2, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


@router.post("/providers", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
async def create_provider(
    body: ProviderCreate, principal: CurrentPrincipal, runtime: Runtime
) -> ProviderPublic:
    await require_role(runtime, principal, MANAGERS, action="create", resource="providers")
    provider = Provider(
        id=body.id,
        clinic_id=principal.clinic_id,
        discipline=body.discipline,
        time_zone=body.time_zone,
        working_hours=tuple(WeeklyPeriod(p.weekday, p.start, p.end) for p in body.working_hours),
        breaks=tuple(WeeklyPeriod(p.weekday, p.start, p.end) for p in body.breaks),
        conditions=frozenset(c.lower() for c in body.conditions),
    )
    async with runtime.transactions.begin() as uow:
        if not await ProviderRepository(uow.connection).add(provider, body.display_name):
            raise Problem(status.HTTP_409_CONFLICT, f"provider {body.id} already exists")
    return _public(provider, body.display_name)


@router.get("/providers")
async def list_providers(principal: CurrentPrincipal, runtime: Runtime) -> list[ProviderPublic]:
    async with runtime.engine.connect() as connection:
        repository = ProviderRepository(connection)
        found = await repository.in_clinic(principal.clinic_id, ALL_TIME)
        names = await repository.display_names(principal.clinic_id)
    return [_public(p, names[p.id]) for p in found]


@router.post("/providers/{provider_id}/time-off", status_code=status.HTTP_201_CREATED)
async def add_time_off(
    provider_id: str, body: TimeOffCreate, principal: CurrentPrincipal, runtime: Runtime
) -> dict[str, str]:
    resource = f"providers/{provider_id}"
    interval = Interval(body.starts_at, body.ends_at)
    async with runtime.engine.connect() as connection:
        provider = await ProviderRepository(connection).get(principal.clinic_id, provider_id, interval)
    if provider is None:
        raise not_found(resource, "update")
    if principal.subject != provider_id:
        await require_role(runtime, principal, MANAGERS, action="update", resource=resource)
    async with runtime.transactions.begin() as uow:
        time_off_id = await ProviderRepository(uow.connection).add_time_off(provider_id, interval)
    return {"id": time_off_id}


@router.post("/rooms", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
async def create_room(body: RoomCreate, principal: CurrentPrincipal, runtime: Runtime) -> RoomPublic:
    await require_role(runtime, principal, MANAGERS, action="create", resource="rooms")
    async with runtime.transactions.begin() as uow:
        room_id = await RoomRepository(uow.connection).add(principal.clinic_id, body.name, body.kind)
    if room_id is None:
        raise Problem(status.HTTP_409_CONFLICT, f"a room named {body.name!r} already exists")
    return RoomPublic(id=room_id, name=body.name, kind=body.kind)


@router.get("/rooms")
async def list_rooms(principal: CurrentPrincipal, runtime: Runtime) -> list[RoomPublic]:
    async with runtime.engine.connect() as connection:
        rows = await RoomRepository(connection).in_clinic(principal.clinic_id)
    return [RoomPublic(id=row.id, name=row.name, kind=row.kind) for row in rows]


@router.get("/providers/{provider_id}/calendar")
async def read_provider_calendar(
    provider_id: str,
    principal: CurrentPrincipal,
    runtime: Runtime,
    day: Day,
    view: Literal["day", "week"] = "day",
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> AppointmentPage:
    """A provider's day or week (local days in the provider's time zone), paginated."""
    resource = f"providers/{provider_id}/calendar"
    after = calendar_cursor(cursor)
    async with runtime.engine.connect() as connection:
        provider = await ProviderRepository(connection).get(
            principal.clinic_id, provider_id, search_range(day, day)
        )
    if provider is None:
        raise not_found(resource, "read")
    if principal.subject != provider_id:
        await require_role(runtime, principal, MANAGERS, action="read", resource=resource)
    async with runtime.engine.begin() as connection:
        first = day - timedelta(days=day.weekday()) if view == "week" else day
        last = first + timedelta(days=7 if view == "week" else 1)
        span = Interval(
            datetime.combine(first, time(), provider.zone), datetime.combine(last, time(), provider.zone)
        )
        rows = await AppointmentRepository(connection).page(
            principal.clinic_id, provider_id=provider_id, starting=span, after=after, limit=limit + 1
        )
        await record_access(
            connection,
            principal,
            action="read",
            resource=resource,
            patient_id=None,
            decision=Decision.ALLOWED,
        )
    return page_of(rows, limit)


def _public(provider: Provider, display_name: str) -> ProviderPublic:
    def periods(items: tuple[WeeklyPeriod, ...]) -> list[WeeklyPeriodIn]:
        return [WeeklyPeriodIn(weekday=p.weekday, start=p.start, end=p.end) for p in items]

    return ProviderPublic(
        id=provider.id,
        display_name=display_name,
        discipline=provider.discipline,
        time_zone=provider.time_zone,
        conditions=sorted(provider.conditions),
        working_hours=periods(provider.working_hours),
        breaks=periods(provider.breaks),
    )
