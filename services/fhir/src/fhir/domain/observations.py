"""Progress (the notes service's timeline of signed visits) as Observations: pain NRS per region,
Oswestry and Neck Disability Index scores, and range of motion per joint and side.

A signed note never changes, so the n-th Observation of a note is always the same one: its id is
``<note id>.<n>``."""

from typing import Any

from fhir.domain.terms import LOINC, MEASURE, OBSERVATION_CATEGORY, UCUM, coding, concept, instant, reference

Json = dict[str, Any]

PAIN = {
    "coding": [coding(LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")],
    "text": "Pain (NRS 0-10)",
}
OSWESTRY = {
    "coding": [coding(LOINC, "97909-6", "Oswestry disability index score ODI")],
    "text": "Oswestry (ODI)",
}
NECK_DISABILITY = concept(MEASURE, "neck_disability_index", "Neck Disability Index (percent)")
SCORE = {"system": UCUM, "code": "{score}", "unit": "{score}"}
PERCENT = {"system": UCUM, "code": "%", "unit": "%"}
DEGREES = {"system": UCUM, "code": "deg", "unit": "degrees"}


def observation_id(note_id: str, index: int) -> str:
    return f"{note_id}.{index}"


def split_observation_id(fhir_id: str) -> tuple[str, int] | None:
    note_id, _, index = fhir_id.rpartition(".")
    return (note_id, int(index)) if note_id and index.isdigit() else None


def observations(patient_id: str, entry: Json) -> list[Json]:
    """Every Observation one signed visit recorded, in a fixed order."""
    measured: list[tuple[Json, str, Json, float, str | None]] = []
    for rating in entry["pain"]:
        measured.append((PAIN, "survey", SCORE, rating["before"], rating["body_region"]))
    values = entry["measurements"]
    if "oswestry_odi" in values:
        measured.append((OSWESTRY, "survey", PERCENT, values["oswestry_odi"], None))
    if "neck_disability_index" in values:
        measured.append((NECK_DISABILITY, "survey", PERCENT, values["neck_disability_index"], None))
    for metric, place in range_of_motion_keys(values):
        measured.append((concept(MEASURE, metric), "exam", DEGREES, values[f"{metric}:{place}"], place))
    return [
        _observation(observation_id(entry["note_id"], index), patient_id, entry, *item)
        for index, item in enumerate(measured)
    ]


def range_of_motion_keys(values: dict[str, float]) -> list[tuple[str, str]]:
    """(metric, place) of each range-of-motion reading: per side where a side was measured, else
    per joint. The notes service also keeps the worse side per joint and per metric, for goals."""
    keys = [key.split(":", 1) for key in sorted(values) if key.endswith(tuple(_JOINTS)) and ":" in key]
    sided = {(metric, place.split("_", 1)[1]) for metric, place in keys if place.startswith(_SIDES)}
    return [
        (metric, place)
        for metric, place in keys
        if metric.endswith("_deg") and (place.startswith(_SIDES) or (metric, place) not in sided)
    ]


_SIDES = ("left_", "right_")
_JOINTS = ("cervical", "thoracic", "lumbar", "shoulder", "elbow", "wrist", "hip", "knee", "ankle")


def _observation(
    fhir_id: str,
    patient_id: str,
    entry: Json,
    code: Json,
    category: str,
    unit: Json,
    value: float,
    site: str | None,
) -> Json:
    resource: Json = {
        "resourceType": "Observation",
        "id": fhir_id,
        "status": "final",
        "category": [{"coding": [coding(OBSERVATION_CATEGORY, category)]}],
        "code": code,
        "subject": reference("Patient", patient_id),
        "effectiveDateTime": instant(entry["visit_starts_at"]),
        "performer": [reference("Practitioner", entry["author_id"])],
        "valueQuantity": {"value": value, **unit},
    }
    if site:
        resource["bodySite"] = {"text": site.replace("_", " ")}
    return resource
