"""The choices the console's forms offer. The services own these vocabularies and validate every
value; a choice missing here is still refused or accepted by the service, never by the console."""

TECHNIQUES = (
    "deep_tissue",
    "swedish_massage",
    "myofascial_release",
    "trigger_point",
    "stretching",
    "passive_resistive_stretching",
    "movement_therapy",
    "joint_mobilization",
    "spinal_manipulation",
    "extraspinal_manipulation",
    "therapeutic_exercise",
    "neuromuscular_reeducation",
    "therapeutic_activities",
    "ultrasound",
)
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
COMPARATORS = {"at_most": "at most", "at_least": "at least"}
PRECAUTIONS = (
    "no_deep_pressure",
    "no_spinal_manipulation",
    "avoid_surgical_site",
    "osteoporosis",
    "pregnancy",
    "active_cancer_treatment",
    "hypertension_monitor",
    "fall_risk",
)
NOTE_TECHNIQUE_ROWS = 3


def label(code: str) -> str:
    """``myofascial_release`` as "myofascial release"."""
    return code.replace("_", " ")
