"""The insurance authorization budget: visits authorised per discipline inside a validity window.

A visit counts against the budget while it is booked and once it is completed; a cancelled or
missed visit gives its slot back. Alerts go out once at a share of the budget and once shortly
before the window closes."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

THRESHOLD_PERCENT = 80
EXPIRY_NOTICE_DAYS = 7


class VisitState(StrEnum):
    BOOKED = "booked"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


COUNTED = frozenset({VisitState.BOOKED, VisitState.COMPLETED})
FINAL = frozenset({VisitState.COMPLETED, VisitState.CANCELLED, VisitState.NO_SHOW})


def next_visit_state(current: VisitState | None, reported: VisitState) -> VisitState:
    """A visit that is over stays over: a booking (or reschedule) reported after it, as a replay
    would, does not bring it back."""
    if current in FINAL and reported is VisitState.BOOKED:
        return current
    return reported


@dataclass(frozen=True)
class BudgetLine:
    authorized: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.authorized - self.used, 0)

    @property
    def threshold_reached(self) -> bool:
        return self.authorized > 0 and self.used * 100 >= THRESHOLD_PERCENT * self.authorized


def is_expiring(valid_to: date, today: date) -> bool:
    return 0 <= (valid_to - today).days <= EXPIRY_NOTICE_DAYS
