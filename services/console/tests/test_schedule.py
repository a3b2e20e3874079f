from datetime import date

from console.domain.forms import nest
from console.domain.schedule import by_day, calendar_days, chosen_visits, in_room, proposal_form
from console.domain.vocabulary import number

PROPOSAL = {
    "discipline": "medical_massage",
    "provider_id": "lmt-kim",
    "visits": [
        {"starts_at": "2026-12-02T10:00:00Z", "duration_minutes": 60},
        {"starts_at": "2026-12-05T10:00:00Z", "duration_minutes": 60},
        {"starts_at": "2026-12-09T10:00:00Z", "duration_minutes": 60},
    ],
    "unplaced": [],
}


def test_a_week_runs_monday_to_sunday() -> None:
    days = calendar_days(date(2026, 12, 3), "week")
    assert (days[0], days[-1], len(days)) == (date(2026, 11, 30), date(2026, 12, 6), 7)
    assert calendar_days(date(2026, 12, 3), "day") == [date(2026, 12, 3)]


def test_visits_are_grouped_by_the_days_shown() -> None:
    grouped = by_day(PROPOSAL["visits"], [date(2026, 12, 2), date(2026, 12, 3)])  # type: ignore[arg-type]
    assert [len(visits) for visits in grouped.values()] == [1, 0]


def test_a_proposal_becomes_the_booking_form_and_unticked_visits_are_left_out() -> None:
    values = proposal_form(PROPOSAL)
    pairs = [(name, str(value)) for name, value in values.items()] + [("keep", "0"), ("keep", "2")]
    series = nest(chosen_visits(pairs))
    assert series == {
        "discipline": "medical_massage",
        "provider_id": "lmt-kim",
        "visits": [
            {"starts_at": "2026-12-02T10:00:00Z", "duration_minutes": "60"},
            {"starts_at": "2026-12-09T10:00:00Z", "duration_minutes": "60"},
        ],
    }


def test_numbers_are_shown_without_a_needless_decimal() -> None:
    assert [number(7.0), number(2.5), number(None), number(3)] == ["7", "2.5", "—", "3"]


def test_a_rooms_calendar_holds_every_providers_visits_in_that_room_by_start() -> None:
    kim = {"items": [{"id": "a", "room_id": "r-1", "starts_at": "2026-12-02T11:00:00Z"}]}
    patel = {"items": [{"id": "b", "room_id": "r-2", "starts_at": "2026-12-02T09:00:00Z"},
                       {"id": "c", "room_id": "r-1", "starts_at": "2026-12-02T09:30:00Z"}]}  # fmt: skip
    assert [visit["id"] for visit in in_room([kim, None, patel], "r-1")] == ["c", "a"]
    assert [visit["id"] for visit in in_room([kim, patel], None)] == ["b", "c", "a"]
