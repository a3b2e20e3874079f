"""Billable units: the CMS 8-minute rule for timed codes and CMT coding by regions.

Timed codes: the *total* timed minutes of the date of service decide how many units are billed
(8-22 = 1, 23-37 = 2, ...; fewer than 8 bills none). Each code first gets its whole 15-minute
units; the units left go to the codes with the most remaining minutes (CMS Pub. 100-04, ch. 5,
20.2), ties broken by code so the result does not depend on input order. Payers that follow the
per-code ("substantial portion") rule instead bill each code alone.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from carecoord.events.vocabulary import BillingRule

MINUTES_PER_UNIT = 15
MINIMUM_MINUTES = 8


def total_timed_units(total_minutes: int) -> int:
    if total_minutes < 0:
        raise ValueError("minutes cannot be negative")
    if total_minutes < MINIMUM_MINUTES:
        return 0
    return (total_minutes + MINIMUM_MINUTES - 1) // MINUTES_PER_UNIT


def timed_units(minutes_by_code: Mapping[str, int]) -> dict[str, int]:
    """Units per code; codes that get no unit are left out."""
    if any(minutes < 0 for minutes in minutes_by_code.values()):
        raise ValueError("minutes cannot be negative")
    units = {code: minutes // MINUTES_PER_UNIT for code, minutes in minutes_by_code.items()}
    left = total_timed_units(sum(minutes_by_code.values())) - sum(units.values())
    by_remainder = sorted(minutes_by_code, key=lambda code: (-(minutes_by_code[code] % 15), code))
    for code in by_remainder[:left]:
        units[code] += 1
    return {code: count for code, count in sorted(units.items()) if count}


def per_code_units(minutes_by_code: Mapping[str, int]) -> dict[str, int]:
    """Each code alone: a unit per full 15 minutes, and one more for a remainder of 8 or more."""
    if any(minutes < 0 for minutes in minutes_by_code.values()):
        raise ValueError("minutes cannot be negative")
    units = {code: total_timed_units(minutes) for code, minutes in sorted(minutes_by_code.items())}
    return {code: count for code, count in units.items() if count}


def units_under(rule: BillingRule, minutes_by_code: Mapping[str, int]) -> dict[str, int]:
    return per_code_units(minutes_by_code) if rule is BillingRule.PER_CODE else timed_units(minutes_by_code)


SPINAL_CMT_CODES = ((1, 2, "98940"), (3, 4, "98941"), (5, 5, "98942"))
EXTRASPINAL_CMT_CODE = "98943"


def spinal_cmt_code(regions: Iterable[str]) -> str | None:
    """98940 for 1-2 spinal regions, 98941 for 3-4, 98942 for all 5; None when none treated."""
    count = len(set(regions))
    if count > 5:
        raise ValueError("there are only five spinal regions")
    for low, high, code in SPINAL_CMT_CODES:
        if low <= count <= high:
            return code
    return None


def extraspinal_cmt_code(regions: Iterable[str]) -> str | None:
    """One 98943 unit for any number of extraspinal regions."""
    return EXTRASPINAL_CMT_CODE if set(regions) else None


@dataclass(frozen=True)
class BillingSummary:
    timed_minutes: dict[str, int]
    timed_units: dict[str, int]
    untimed_codes: list[str]

    @property
    def billable_units(self) -> int:
        """Timed units plus one unit per untimed (per-session) code."""
        return sum(self.timed_units.values()) + len(self.untimed_codes)
