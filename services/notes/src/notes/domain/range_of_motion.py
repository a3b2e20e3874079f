"""Physiological limits of active range of motion, in degrees.

A measurement above the limit is a typing error, not a finding: the limits sit somewhat above the
AAOS / AMA Guides normal values, so hypermobile patients still fit. TMJ opening is measured in
millimetres and is recorded as a palpation or symptom finding instead."""

from enum import StrEnum


class Joint(StrEnum):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"


PHYSIOLOGICAL_LIMIT_DEGREES: dict[Joint, dict[str, int]] = {
    Joint.CERVICAL: {"flexion": 90, "extension": 90, "lateral_flexion": 60, "rotation": 90},
    Joint.THORACIC: {"flexion": 60, "extension": 40, "lateral_flexion": 45, "rotation": 60},
    Joint.LUMBAR: {"flexion": 110, "extension": 50, "lateral_flexion": 50, "rotation": 45},
    Joint.SHOULDER: {
        "flexion": 190,
        "extension": 70,
        "abduction": 190,
        "adduction": 60,
        "internal_rotation": 100,
        "external_rotation": 120,
    },
    Joint.ELBOW: {"flexion": 165, "extension": 20, "pronation": 95, "supination": 100},
    Joint.WRIST: {"flexion": 95, "extension": 90, "radial_deviation": 35, "ulnar_deviation": 50},
    Joint.HIP: {
        "flexion": 140,
        "extension": 45,
        "abduction": 60,
        "adduction": 45,
        "internal_rotation": 60,
        "external_rotation": 70,
    },
    Joint.KNEE: {"flexion": 165, "extension": 20},
    Joint.ANKLE: {"dorsiflexion": 35, "plantarflexion": 70, "inversion": 45, "eversion": 35},
}


def range_problem(joint: Joint, motion: str, degrees: float) -> str | None:
    """Why a measurement is impossible, or None when it is plausible."""
    limits = PHYSIOLOGICAL_LIMIT_DEGREES[joint]
    if motion not in limits:
        return f"{joint} has no motion {motion!r}; expected one of {', '.join(sorted(limits))}"
    if not 0 <= degrees <= limits[motion]:
        return f"{joint} {motion} must be between 0 and {limits[motion]} degrees"
    return None


def rom_metric(joint: Joint, motion: str) -> str:
    """The goal metric name a measurement feeds, e.g. ``cervical_rotation_deg``."""
    return f"{joint}_{motion}_deg"
