"""The insurance authorization budget, counted as payers count it.

A visit is **used** once it is completed (and, when the payer says so, when the patient missed it:
a no-show or a late cancellation); a booked visit is **scheduled**, shown apart and given back if
it is cancelled. A visit can be booked while ``authorized - used - scheduled`` is above zero. The
threshold and exhausted alerts follow use, never booking; they and the expiring and expired alerts
go out once per authorization, so a renewed authorization alerts again."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

THRESHOLD_PERCENT = 80
EXPIRY_NOTICE_DAYS = 7


class VisitState(StrEnum):
    BOOKED = "booked"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    LATE_CANCELLED = "late_cancelled"
    NO_SHOW = "no_show"


MISSED = frozenset({VisitState.NO_SHOW, VisitState.LATE_CANCELLED})
FINAL = frozenset({VisitState.COMPLETED, VisitState.CANCELLED, VisitState.LATE_CANCELLED, VisitState.NO_SHOW})


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
    scheduled: int

    @property
    def remaining(self) -> int:
        """Visits that can still be booked."""
        return max(self.authorized - self.used - self.scheduled, 0)

    @property
    def threshold_reached(self) -> bool:
        return self.authorized > 0 and self.used * 100 >= THRESHOLD_PERCENT * self.authorized

    @property
    def exhausted(self) -> bool:
        return self.used >= self.authorized


def budget_line(authorized: int, visits: Mapping[VisitState, int], payer_counts_missed: bool) -> BudgetLine:
    """``visits``: how many of this discipline's visits are in each state."""
    missed = sum(visits.get(state, 0) for state in MISSED) if payer_counts_missed else 0
    return BudgetLine(
        authorized=authorized,
        used=visits.get(VisitState.COMPLETED, 0) + missed,
        scheduled=visits.get(VisitState.BOOKED, 0),
    )


def alert_key(kind: str, valid_from: date, valid_to: date, discipline: str | None = None) -> str:
    """Alerts are raised once per authorization: a renewal (a new window) alerts again."""
    return ":".join([kind, *([discipline] if discipline else []), str(valid_from), str(valid_to)])
