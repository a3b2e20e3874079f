"""When the physician gets a progress report: every N signed visits, at the end of the series, and
a discharge summary when the referral is closed.

The series ends when every discipline of the plan has signed its own planned visits; spot work
(15 minutes inside another provider's session) is documented but is not a visit of the series."""

from collections import Counter
from collections.abc import Mapping
from enum import StrEnum

from notes.domain.report import SignedVisit


class Milestone(StrEnum):
    EVERY_N_VISITS = "every_n_visits"
    END_OF_SERIES = "end_of_series"
    DISCHARGE_SUMMARY = "discharge_summary"


def milestone_reached(
    visits: list[SignedVisit], latest_discipline: str, every_n_visits: int, planned: Mapping[str, int]
) -> Milestone | None:
    """After a note of ``latest_discipline`` was signed. The end of the series wins when both fall
    on the same visit: one report, not two."""
    series = Counter(visit.discipline for visit in visits if not visit.spot_work)
    completes_its_discipline = planned.get(latest_discipline) == series[latest_discipline]
    if planned and completes_its_discipline and all(series[d] >= n for d, n in planned.items()):
        return Milestone.END_OF_SERIES
    count = sum(series.values())
    if every_n_visits > 0 and count > 0 and count % every_n_visits == 0:
        return Milestone.EVERY_N_VISITS
    return None
