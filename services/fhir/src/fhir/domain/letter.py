"""What the physician's progress letter says, gathered from the services' JSON: the patient,
diagnosis, visits per discipline, each goal (baseline, current, target, trend), the therapists'
signed assessments, and the plan from here. Rendering it is the PDF adapter's business."""

from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
TITLES = {
    "every_n_visits": "Progress report",
    "end_of_series": "Progress report: end of the visit series",
    "discharge_summary": "Discharge summary",
}


@dataclass(frozen=True)
class GoalLine:
    label: str
    baseline: float
    latest: float | None
    target: float
    comparator: str
    status: str
    trend: list[tuple[str, float]]  # (visit day, value), oldest first


@dataclass(frozen=True)
class Assessment:
    discipline: str
    visit_on: str
    summary: str
    signed_by: str
    signed_at: str


@dataclass(frozen=True)
class Letter:
    title: str
    issued_on: str
    patient: str
    mrn: str
    referring_physician: str
    diagnoses: list[str]
    conditions: list[str]
    visits: list[str]
    goals: list[GoalLine]
    assessments: list[Assessment]
    plan: list[str]


def letter(report: Json, referral: Json, signed_notes: list[Json]) -> Letter:
    body = report["body"]
    patient = referral["patient"]
    return Letter(
        title=TITLES.get(report["milestone"], "Progress report"),
        issued_on=report["created_at"][:10],
        patient=f"{patient['given_name']} {patient['family_name']}",
        mrn=patient["mrn"],
        referring_physician=f"{referral['referring_physician_name']} (NPI {referral['referring_physician_npi']})",
        diagnoses=referral["diagnosis_codes"],
        conditions=referral["conditions"],
        visits=[_visits(item) for item in body["visits"]],
        goals=[_goal(goal) for goal in body["goals"]],
        assessments=[_assessment(note) for note in _latest_per_discipline(signed_notes)],
        plan=[line for item in body["recommendations"] for line in _plan(item)],
    )


def _label(code: str) -> str:
    return code.replace("_", " ")


def _visits(item: Json) -> str:
    planned = f" of {item['planned']} planned" if item.get("planned") is not None else ""
    authorized = f", {item['authorized']} authorised" if item.get("authorized") is not None else ""
    return f"{_label(item['discipline'])}: {item['completed']} attended{planned}{authorized}"


def _goal(goal: Json) -> GoalLine:
    region = f" ({_label(goal['body_region'])})" if goal.get("body_region") else ""
    return GoalLine(
        label=f"{_label(goal['metric'])}{region}",
        baseline=goal["baseline"],
        latest=goal.get("latest_value"),
        target=goal["target"],
        comparator="at most" if goal["comparator"] == "at_most" else "at least",
        status=_label(goal["status"]),
        trend=[(point["visit_on"], point["value"]) for point in goal["trend"]],
    )


def _latest_per_discipline(notes: list[Json]) -> list[Json]:
    latest: dict[str, Json] = {}
    for note in sorted(notes, key=lambda n: n["visit_starts_at"]):
        if note["status"] == "signed":
            latest[note["discipline"]] = note
    return [latest[discipline] for discipline in sorted(latest)]


def _assessment(note: Json) -> Assessment:
    summary = (note["content"].get("assessment") or {}).get("summary") or "(no assessment written)"
    return Assessment(
        discipline=_label(note["discipline"]),
        visit_on=note["visit_starts_at"][:10],
        summary=summary,
        signed_by=note["signed_by"] or note["author_id"],
        signed_at=(note["signed_at"] or "")[:16].replace("T", " "),
    )


def _plan(item: Json) -> list[str]:
    where = f"{_label(item['discipline'])} ({item['visit_on']})"
    lines = []
    if item.get("next_visit_focus"):
        lines.append(f"{where}: next visit: {item['next_visit_focus']}")
    if item.get("home_care"):
        lines.append(f"{where}: home care: {', '.join(item['home_care'])}")
    if item.get("follow_up"):
        lines.append(f"{where}: follow-up: {item['follow_up']}")
    return lines
