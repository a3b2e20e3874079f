from datetime import date

import pytest
from referrals.domain.authorization import BudgetLine, VisitState, budget_line, is_expiring, next_visit_state

V = VisitState


@pytest.mark.parametrize(
    ("current", "reported", "expected"),
    [
        (None, V.BOOKED, V.BOOKED),
        (V.BOOKED, V.BOOKED, V.BOOKED),
        (V.BOOKED, V.COMPLETED, V.COMPLETED),
        (V.BOOKED, V.CANCELLED, V.CANCELLED),
        (V.BOOKED, V.NO_SHOW, V.NO_SHOW),
        (V.COMPLETED, V.BOOKED, V.COMPLETED),
        (V.CANCELLED, V.BOOKED, V.CANCELLED),
    ],
)
def test_a_visit_that_is_over_is_not_revived_by_a_late_booking(
    current: VisitState | None, reported: VisitState, expected: VisitState
) -> None:
    assert next_visit_state(current, reported) is expected


@pytest.mark.parametrize(
    ("authorized", "used", "reached", "remaining"),
    [
        (10, 7, False, 3),
        (10, 8, True, 2),
        (12, 9, False, 3),
        (12, 10, True, 2),
        (5, 7, True, 0),
        (0, 0, False, 0),
    ],
)
def test_the_threshold_is_reached_at_eighty_percent_used(
    authorized: int, used: int, reached: bool, remaining: int
) -> None:
    line = BudgetLine(authorized, used, scheduled=0)
    assert (line.threshold_reached, line.remaining) == (reached, remaining)


def test_booked_visits_are_scheduled_not_used_and_never_reach_the_threshold() -> None:
    line = budget_line(10, {V.BOOKED: 9, V.COMPLETED: 1}, payer_counts_missed=False)
    assert (line.used, line.scheduled, line.remaining, line.threshold_reached) == (1, 9, 0, False)


def test_missed_visits_are_used_only_when_the_payer_counts_them() -> None:
    visits = {V.COMPLETED: 2, V.NO_SHOW: 1, V.LATE_CANCELLED: 1, V.CANCELLED: 3}
    assert budget_line(10, visits, payer_counts_missed=False).used == 2
    assert budget_line(10, visits, payer_counts_missed=True).used == 4


@pytest.mark.parametrize(
    ("valid_to", "expiring"),
    [
        (date(2025, 3, 8), True),
        (date(2025, 3, 1), True),
        (date(2025, 3, 9), False),
        (date(2025, 2, 28), False),
    ],
)
def test_an_authorization_is_expiring_within_seven_days_of_its_end(valid_to: date, expiring: bool) -> None:
    assert is_expiring(valid_to, today=date(2025, 3, 1)) is expiring
