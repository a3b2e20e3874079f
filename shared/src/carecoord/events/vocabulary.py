"""Coded values that cross service lines."""

from enum import StrEnum


class Discipline(StrEnum):
    CHIROPRACTIC = "chiropractic"
    PHYSICAL_THERAPY = "physical_therapy"
    MEDICAL_MASSAGE = "medical_massage"


class GoalStatus(StrEnum):
    """``not_started`` only before the first measurement; ``not_met`` once the due date has passed
    without the target holding (the rule is ``carecoord.goal_status``)."""

    NOT_STARTED = "not_started"
    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    WORSENING = "worsening"
    MET = "met"
    NOT_MET = "not_met"


class Comparator(StrEnum):
    """How a goal's target is met: pain NRS ``at_most`` 3, cervical rotation ``at_least`` 70."""

    AT_MOST = "at_most"
    AT_LEAST = "at_least"
