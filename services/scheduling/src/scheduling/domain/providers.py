"""Providers and their working time: weekly hours and breaks in the provider's own time zone,
plus time off as absolute intervals."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from carecoord.events.vocabulary import Discipline

from scheduling.domain.intervals import Interval, subtract


@dataclass(frozen=True)
class WeeklyPeriod:
    """A recurring local period on one weekday (0 is Monday), e.g. Tuesday 09:00-17:00."""

    weekday: int
    start: time
    end: time

    def on(self, day: date, zone: ZoneInfo) -> Interval:
        return Interval(datetime.combine(day, self.start, zone), datetime.combine(day, self.end, zone))


@dataclass(frozen=True)
class Provider:
    id: str
    clinic_id: str
    discipline: Discipline
    time_zone: str
    working_hours: tuple[WeeklyPeriod, ...]
    breaks: tuple[WeeklyPeriod, ...] = ()
    time_off: tuple[Interval, ...] = ()
    conditions: frozenset[str] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def is_experienced_with(self, conditions: frozenset[str]) -> bool:
        return bool(self.conditions & {condition.lower() for condition in conditions})

    def working_intervals(self, first_day: date, last_day: date) -> list[Interval]:
        """When the provider can see patients on these local days: hours minus breaks and time off."""
        zone = self.zone
        hours: list[Interval] = []
        pauses: list[Interval] = list(self.time_off)
        for day in _days(first_day, last_day):
            hours.extend(p.on(day, zone) for p in self.working_hours if p.weekday == day.weekday())
            pauses.extend(p.on(day, zone) for p in self.breaks if p.weekday == day.weekday())
        return subtract(hours, pauses)

    def works_during(self, interval: Interval) -> bool:
        first, last = self.local_date(interval.start), self.local_date(interval.end)
        return any(free.contains(interval) for free in self.working_intervals(first, last))


def _days(first_day: date, last_day: date) -> Iterator[date]:
    day = first_day
    while day <= last_day:
        yield day
        day += timedelta(days=1)
