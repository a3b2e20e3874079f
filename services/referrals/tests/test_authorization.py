from datetime import date

import pytest
from referrals.domain.authorization import BudgetLine, VisitState, alert_key, budget_line, next_visit_state

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


def test_alerts_are_keyed_by_the_authorization_so_a_renewal_alerts_again() -> None:
    first = alert_key("threshold", date(2025, 1, 1), date(2025, 3, 31), "medical_massage")
    renewed = alert_key("threshold", date(2025, 4, 1), date(2025, 6, 30), "medical_massage")
    assert first == "threshold:medical_massage:2025-01-01:2025-03-31"
    assert renewed != first
    assert alert_key("expired", date(2025, 1, 1), date(2025, 3, 31)) == "expired:2025-01-01:2025-03-31"


def test_a_line_is_exhausted_once_every_authorized_visit_is_used() -> None:
    assert not BudgetLine(5, 4, scheduled=1).exhausted
    assert BudgetLine(5, 5, scheduled=0).exhausted
