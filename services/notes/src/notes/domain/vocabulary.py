"""Coded values a session note is written in: techniques, their CPT codes, pressure, tolerance.

Coded rather than free text so that billing, alerts and progress can be computed from them."""

from enum import StrEnum

from carecoord.events.vocabulary import Technique


class TimedCpt(StrEnum):
    """Timed (per 15 minutes) CPT codes, billed by the CMS 8-minute rule."""

    THERAPEUTIC_EXERCISE = "97110"
    NEUROMUSCULAR_REEDUCATION = "97112"
    MASSAGE = "97124"
    MANUAL_THERAPY = "97140"
    THERAPEUTIC_ACTIVITIES = "97530"
    ULTRASOUND = "97035"


# The code a technique bills under unless the note names another timed code. Manipulation is
# untimed: it is coded by the regions treated, not by minutes.
DEFAULT_CPT: dict[Technique, TimedCpt | None] = {
    Technique.DEEP_TISSUE: TimedCpt.MASSAGE,
    Technique.SWEDISH_MASSAGE: TimedCpt.MASSAGE,
    Technique.MYOFASCIAL_RELEASE: TimedCpt.MANUAL_THERAPY,
    Technique.TRIGGER_POINT: TimedCpt.MANUAL_THERAPY,
    Technique.STRETCHING: TimedCpt.MANUAL_THERAPY,
    Technique.PASSIVE_RESISTIVE_STRETCHING: TimedCpt.MANUAL_THERAPY,
    Technique.MOVEMENT_THERAPY: TimedCpt.NEUROMUSCULAR_REEDUCATION,
    Technique.JOINT_MOBILIZATION: TimedCpt.MANUAL_THERAPY,
    Technique.SPINAL_MANIPULATION: None,
    Technique.EXTRASPINAL_MANIPULATION: None,
    Technique.THERAPEUTIC_EXERCISE: TimedCpt.THERAPEUTIC_EXERCISE,
    Technique.NEUROMUSCULAR_REEDUCATION: TimedCpt.NEUROMUSCULAR_REEDUCATION,
    Technique.THERAPEUTIC_ACTIVITIES: TimedCpt.THERAPEUTIC_ACTIVITIES,
    Technique.ULTRASOUND: TimedCpt.ULTRASOUND,
    Technique.MANUAL_THERAPY: TimedCpt.MANUAL_THERAPY,
    Technique.LYMPHATIC_DRAINAGE: TimedCpt.MANUAL_THERAPY,
}
MANIPULATION = frozenset({Technique.SPINAL_MANIPULATION, Technique.EXTRASPINAL_MANIPULATION})


class SpinalRegion(StrEnum):
    """The five spinal regions CMS counts for chiropractic manipulative treatment."""

    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"
    PELVIC = "pelvic"


class ExtraspinalRegion(StrEnum):
    HEAD = "head"
    LOWER_EXTREMITIES = "lower_extremities"
    UPPER_EXTREMITIES = "upper_extremities"
    RIB_CAGE = "rib_cage"
    ABDOMEN = "abdomen"


class Pressure(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"
    DEEP = "deep"


class Tolerance(StrEnum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


class Severity(StrEnum):
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    STRONG = "strong"


class TissueQuality(StrEnum):
    NORMAL = "normal"
    HYPERTONIC = "hypertonic"
    FIBROTIC = "fibrotic"
    ADHESED = "adhesed"
    EDEMATOUS = "edematous"
    SCARRED = "scarred"
