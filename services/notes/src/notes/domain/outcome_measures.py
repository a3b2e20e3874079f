"""Outcome questionnaires and their published scoring.

Both have ten items scored 0-5. Oswestry (ODI, Fairbank & Pynsent 2000): percent = total /
(5 x items answered) x 100. Neck Disability Index (Vernon & Mior 1991): raw 0-50, reported here as
a percent on the same formula so the two read alike. Up to two unanswered items are tolerated
(the denominator shrinks); more makes the score invalid.
"""

from collections.abc import Sequence
from dataclasses import dataclass

ITEMS = 10
MAX_ITEM_SCORE = 5
MAX_UNANSWERED = 2

ODI_BANDS = ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippling"), (100, "bed_bound"))
# NDI bands are published on the raw 0-50 scale: 0-4 none, 5-14 mild, 15-24 moderate, 25-34 severe.
NDI_RAW_BANDS = ((4, "none"), (14, "mild"), (24, "moderate"), (34, "severe"), (50, "complete"))


class InvalidQuestionnaire(ValueError):
    pass


@dataclass(frozen=True)
class OutcomeScore:
    percent: float
    interpretation: str


def _percent(items: Sequence[int | None]) -> float:
    if len(items) != ITEMS:
        raise InvalidQuestionnaire(f"needs exactly {ITEMS} items")
    answered = [item for item in items if item is not None]
    if any(not 0 <= item <= MAX_ITEM_SCORE for item in answered):
        raise InvalidQuestionnaire(f"each item is scored 0-{MAX_ITEM_SCORE}")
    if ITEMS - len(answered) > MAX_UNANSWERED:
        raise InvalidQuestionnaire(f"at most {MAX_UNANSWERED} items may be left unanswered")
    return round(sum(answered) / (MAX_ITEM_SCORE * len(answered)) * 100, 1)


def _band(value: float, bands: tuple[tuple[int, str], ...]) -> str:
    return next(label for upper, label in bands if value <= upper)


def oswestry(items: Sequence[int | None]) -> OutcomeScore:
    percent = _percent(items)
    return OutcomeScore(percent, _band(percent, ODI_BANDS))


def neck_disability_index(items: Sequence[int | None]) -> OutcomeScore:
    percent = _percent(items)
    return OutcomeScore(percent, _band(percent / 2, NDI_RAW_BANDS))
