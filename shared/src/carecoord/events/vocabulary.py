"""Coded values that cross service lines."""

from enum import StrEnum


class Discipline(StrEnum):
    CHIROPRACTIC = "chiropractic"
    PHYSICAL_THERAPY = "physical_therapy"
    MEDICAL_MASSAGE = "medical_massage"


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IMPROVING = "improving"
    MET = "met"
    REGRESSED = "regressed"


class Comparator(StrEnum):
    """How a goal's target is met: pain NRS ``at_most`` 3, cervical rotation ``at_least`` 70."""

    AT_MOST = "at_most"
    AT_LEAST = "at_least"
