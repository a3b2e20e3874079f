"""Free slots of a given length inside a provider's working time, and who to offer first."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from scheduling.domain.intervals import Interval, subtract
from scheduling.domain.providers import Provider

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def free_slots(
    provider: Provider,
    first_day: date,
    last_day: date,
    length: timedelta,
    busy: Iterable[Interval],
    *,
    step: timedelta = timedelta(minutes=15),
    not_before: datetime | None = None,
) -> list[Interval]:
    """Slots of ``length`` starting on a ``step`` grid, inside working time and clear of ``busy``."""
    slots: list[Interval] = []
    for free in subtract(provider.working_intervals(first_day, last_day), busy):
        start = _on_grid(max(free.start, not_before) if not_before else free.start, step)
        while start + length <= free.end:
            slots.append(Interval(start, start + length))
            start += step
    return slots


def _on_grid(moment: datetime, step: timedelta) -> datetime:
    """The first grid point at or after ``moment`` (15-minute grid: :00, :15, :30, :45)."""
    remainder = (moment - _EPOCH) % step
    return moment if not remainder else moment + (step - remainder)


def experienced_first(providers: Iterable[Provider], conditions: frozenset[str]) -> list[Provider]:
    """The seed asks patients to look for a therapist well-versed in their condition."""
    return sorted(providers, key=lambda p: (not p.is_experienced_with(conditions), p.id))
