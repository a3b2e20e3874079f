"""Half-open time intervals ``[start, end)``: back-to-back visits touch but do not overlap."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("an interval ends after it starts")

    @classmethod
    def of(cls, start: datetime, minutes: int) -> "Interval":
        return cls(start, start + timedelta(minutes=minutes))

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Interval") -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if merged and interval.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            merged.append(interval)
    return merged


def subtract(free: Iterable[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """What is left of ``free`` once every ``busy`` interval is taken out (one sweep over both)."""
    taken = merge(busy)
    result: list[Interval] = []
    first_relevant = 0
    for interval in merge(free):
        cursor = interval.start
        while first_relevant < len(taken) and taken[first_relevant].end <= cursor:
            first_relevant += 1
        index = first_relevant
        while index < len(taken) and taken[index].start < interval.end:
            if cursor < taken[index].start:
                result.append(Interval(cursor, taken[index].start))
            cursor = max(cursor, taken[index].end)
            index += 1
        if cursor < interval.end:
            result.append(Interval(cursor, interval.end))
    return result
