from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st
from scheduling.domain.intervals import Interval, merge, subtract
from scheduling.domain.providers import WeeklyPeriod

from .factories import MONDAY, at, provider

BASE = datetime(2030, 1, 1, tzinfo=UTC)


def span(start: int, end: int) -> Interval:
    return Interval(BASE + timedelta(minutes=start), BASE + timedelta(minutes=end))


def test_back_to_back_intervals_do_not_overlap() -> None:
    assert not span(0, 30).overlaps(span(30, 60))
    assert span(0, 31).overlaps(span(30, 60))


def test_subtract_cuts_holes_and_keeps_the_rest() -> None:
    assert subtract([span(0, 100)], [span(10, 20), span(15, 30), span(90, 120)]) == [
        span(0, 10),
        span(30, 90),
    ]


minutes = st.integers(min_value=0, max_value=500)
intervals = st.builds(lambda a, n: span(a, a + n), minutes, st.integers(min_value=1, max_value=90))


@given(st.lists(intervals, max_size=8), st.lists(intervals, max_size=8))
def test_what_subtract_leaves_is_free_and_busy_is_gone(free: list[Interval], busy: list[Interval]) -> None:
    left = subtract(free, busy)
    assert all(not piece.overlaps(taken) for piece in left for taken in busy)
    assert all(any(whole.contains(piece) for whole in merge(free)) for piece in left)
    for minute in range(0, 600, 7):
        point = span(minute, minute + 1)
        in_free = any(f.overlaps(point) for f in free)
        in_busy = any(b.overlaps(point) for b in busy)
        assert any(piece.overlaps(point) for piece in left) == (in_free and not in_busy)


def test_working_intervals_honour_breaks_weekends_and_time_off() -> None:
    off = Interval(at(MONDAY + timedelta(days=1), 0), at(MONDAY + timedelta(days=2), 0))
    pt = provider(time_off=(off,))
    hours = pt.working_intervals(MONDAY, MONDAY + timedelta(days=6))
    assert hours[:2] == [Interval(at(MONDAY, 9), at(MONDAY, 12)), Interval(at(MONDAY, 13), at(MONDAY, 17))]
    days = {interval.start.astimezone(pt.zone).date() for interval in hours}
    assert days == {MONDAY + timedelta(days=n) for n in (0, 2, 3, 4)}


def test_working_hours_follow_the_providers_time_zone_across_daylight_saving() -> None:
    pt = provider(working_hours=(WeeklyPeriod(0, time(9), time(17)),), breaks=())
    before, after = date(2030, 3, 4), date(2030, 3, 11)  # US clocks go forward on 2030-03-10
    assert pt.working_intervals(before, before)[0].start.astimezone(UTC).hour == 14
    assert pt.working_intervals(after, after)[0].start.astimezone(UTC).hour == 13


def test_works_during_needs_the_whole_visit_inside_working_time() -> None:
    pt = provider()
    assert pt.works_during(Interval(at(MONDAY, 9), at(MONDAY, 10)))
    assert not pt.works_during(Interval(at(MONDAY, 11, 30), at(MONDAY, 12, 30)))
    assert not pt.works_during(Interval(at(MONDAY, 16, 30), at(MONDAY, 17, 30)))
