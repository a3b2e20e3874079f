"""When the physician gets a progress report: every N signed visits, at the end of the series, and
a discharge summary when the referral is closed."""

from enum import StrEnum


class Milestone(StrEnum):
    EVERY_N_VISITS = "every_n_visits"
    END_OF_SERIES = "end_of_series"
    DISCHARGE_SUMMARY = "discharge_summary"


def milestone_reached(
    signed_visits: int, every_n_visits: int, planned_visits: int | None
) -> Milestone | None:
    """The end of the series wins when both fall on the same visit: one report, not two."""
    if planned_visits and signed_visits == planned_visits:
        return Milestone.END_OF_SERIES
    if every_n_visits > 0 and signed_visits > 0 and signed_visits % every_n_visits == 0:
        return Milestone.EVERY_N_VISITS
    return None
