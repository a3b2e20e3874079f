"""Coded values that cross service lines: one clinical vocabulary for the plan, the schedule and
the notes, so a technique or precaution written in one service means the same in every other."""

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


class Technique(StrEnum):
    """Treatment techniques of the three disciplines (the seed guide's list, plus the manual and
    exercise techniques chiropractic and physical therapy record)."""

    DEEP_TISSUE = "deep_tissue"
    SWEDISH_MASSAGE = "swedish_massage"
    MYOFASCIAL_RELEASE = "myofascial_release"
    TRIGGER_POINT = "trigger_point"
    STRETCHING = "stretching"
    PASSIVE_RESISTIVE_STRETCHING = "passive_resistive_stretching"
    MOVEMENT_THERAPY = "movement_therapy"
    LYMPHATIC_DRAINAGE = "lymphatic_drainage"
    MANUAL_THERAPY = "manual_therapy"
    JOINT_MOBILIZATION = "joint_mobilization"
    SPINAL_MANIPULATION = "spinal_manipulation"
    EXTRASPINAL_MANIPULATION = "extraspinal_manipulation"
    THERAPEUTIC_EXERCISE = "therapeutic_exercise"
    NEUROMUSCULAR_REEDUCATION = "neuromuscular_reeducation"
    THERAPEUTIC_ACTIVITIES = "therapeutic_activities"
    ULTRASOUND = "ultrasound"


class Precaution(StrEnum):
    """What the care team must respect; the notes service refuses to sign a note that breaks one
    without an override reason (``notes.domain.precautions``)."""

    NO_DEEP_PRESSURE = "no_deep_pressure"  # e.g. anticoagulants
    NO_SPINAL_MANIPULATION = "no_spinal_manipulation"
    AVOID_SURGICAL_SITE = "avoid_surgical_site"
    OSTEOPOROSIS = "osteoporosis"
    PREGNANCY = "pregnancy"
    ACTIVE_CANCER_TREATMENT = "active_cancer_treatment"
    HYPERTENSION_MONITOR = "hypertension_monitor"
    FALL_RISK = "fall_risk"
    AVOID_PRONE = "avoid_prone"  # positioning, e.g. late pregnancy or after spinal surgery


class BillingRule(StrEnum):
    """How a payer counts units of timed CPT codes on one date of service."""

    CMS_EIGHT_MINUTE = "cms_8_minute"  # the day's total timed minutes decide the units (Medicare)
    PER_CODE = "per_code"  # each code alone, a unit once 8 of its minutes remain ("substantial portion")
