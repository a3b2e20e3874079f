"""The choices the console's forms offer. Techniques are the shared clinical vocabulary; the rest
belong to the notes service. The services validate every value: a choice is refused or accepted
by the service, never by the console."""

from carecoord.events.vocabulary import Technique

TECHNIQUES = tuple(str(technique) for technique in Technique)
TIMED_CPT_CODES = {
    "97110": "97110 therapeutic exercise",
    "97112": "97112 neuromuscular re-education",
    "97124": "97124 massage",
    "97140": "97140 manual therapy",
    "97530": "97530 therapeutic activities",
    "97035": "97035 ultrasound",
}
PRESSURES = ("light", "moderate", "firm", "deep")
TOLERANCES = ("good", "fair", "poor")
TRENDS = ("better", "same", "worse")
NOTE_TYPES = {
    "daily_note": "Daily treatment note",
    "initial_evaluation": "Initial evaluation",
    "progress_note": "Progress note (re-evaluation)",
    "discharge_summary": "Discharge summary",
}
COMPARATORS = {"at_most": "at most", "at_least": "at least"}
NOTE_TECHNIQUE_ROWS = 3
NOTE_RANGE_OF_MOTION_ROWS = 2
JOINTS = ("cervical", "thoracic", "lumbar", "shoulder", "elbow", "wrist", "hip", "knee", "ankle")
MOTIONS = (
    "flexion",
    "extension",
    "lateral_flexion",
    "rotation",
    "abduction",
    "adduction",
    "internal_rotation",
    "external_rotation",
    "pronation",
    "supination",
    "radial_deviation",
    "ulnar_deviation",
    "dorsiflexion",
    "plantarflexion",
    "inversion",
    "eversion",
)
SIDES = ("left", "right")
QUESTIONNAIRE_ANSWERS = {str(score): str(score) for score in range(6)}


def number(value: float | int | None) -> str:
    """7.0 as "7", 2.5 as "2.5", nothing as a dash."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else str(value)


def label(code: str) -> str:
    """``myofascial_release`` as "myofascial release"."""
    return code.replace("_", " ")
