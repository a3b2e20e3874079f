"""The demo clinic: its people, and five patients at different points of their episodes. Plain data;
`load_demo.py` enters it through the services' public APIs as the clinic's staff would."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

CLINIC = "clinic-1"
PHYSICIAN = ("dr-osei", "physician", "Dr. Ada Osei", "1234567893")
FRONT_DESK = "front-desk"
# user id, role, name shown in the schedule, discipline
PROVIDERS = (
    ("dc-patel", "chiropractor", "Dr. Ravi Patel (DC)", "chiropractic"),
    ("pt-garcia", "physical_therapist", "Lucia Garcia (PT)", "physical_therapy"),
    ("lmt-kim", "massage_therapist", "Jordan Kim (LMT)", "medical_massage"),
    ("lmt-nguyen", "massage_therapist", "Bao Nguyen (LMT)", "medical_massage"),
)
ROLE_OF = {user: role for user, role, _, _ in PROVIDERS}


@dataclass(frozen=True)
class Visit:
    """A visit ``day`` days after treatment starts; ``pain`` (before, after) and ``measure`` (lumbar
    flexion or cervical rotation degrees) make it held and signed, otherwise it stays booked."""

    provider: str
    day: int
    hour: int
    pain: tuple[int, int] | None = None
    measure: float | None = None


@dataclass(frozen=True)
class Patient:
    mrn: str
    given_name: str
    family_name: str
    diagnosis_codes: list[str]
    conditions: list[str]
    region: str  # where pain is rated and range of motion measured: low_back or neck
    disciplines: dict[str, tuple[int, int]]  # discipline -> (visits per week, weeks)
    authorized: dict[str, int]
    stage: str  # received, booked, treating, discharged
    team: list[str] = field(default_factory=list)
    precautions: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    shown_as: str = ""


PATIENTS = (
    Patient(
        "DEMO-1", "Dana", "Reyes", ["M54.50"], ["low back pain"], "low_back",
        {"medical_massage": (2, 6), "physical_therapy": (2, 6)}, {"medical_massage": 12, "physical_therapy": 12},
        "received", shown_as="a new referral waiting for intake",
    ),
    Patient(
        "DEMO-2", "Sam", "Lee", ["S13.4XXA"], ["whiplash"], "neck",
        {"chiropractic": (1, 4), "medical_massage": (1, 4)}, {"chiropractic": 4, "medical_massage": 4},
        "booked", team=["dc-patel", "lmt-nguyen"],
        visits=[Visit("dc-patel", 1 + 7 * week, 9) for week in range(4)]
        + [Visit("lmt-nguyen", 2 + 7 * week, 11) for week in range(4)],
        shown_as="a visit series booked, treatment not started",
    ),
    Patient(
        "DEMO-3", "Maria", "Gomez", ["M54.16"], ["low back pain", "radiating pain"], "low_back",
        {"physical_therapy": (2, 6), "medical_massage": (2, 6)}, {"physical_therapy": 12, "medical_massage": 12},
        "treating", team=["pt-garcia", "lmt-kim"], precautions=["no_deep_pressure"],
        visits=[
            Visit("pt-garcia", 1, 14, (7, 5), 40), Visit("lmt-kim", 2, 10, (6, 4), 45),
            Visit("pt-garcia", 3, 14, (6, 4), 50), Visit("lmt-kim", 4, 10, (5, 3), 55),
            Visit("pt-garcia", 8, 14), Visit("lmt-kim", 9, 10), Visit("pt-garcia", 10, 14),
        ],
        shown_as="mid-treatment: signed notes from two disciplines and a progress chart",
    ),
    Patient(
        "DEMO-4", "John", "Park", ["M54.2"], ["headaches"], "neck",
        {"medical_massage": (2, 3)}, {"medical_massage": 5},
        "treating", team=["lmt-nguyen"],
        visits=[
            Visit("lmt-nguyen", 1, 15, (6, 4), 50), Visit("lmt-nguyen", 4, 15, (5, 3), 55),
            Visit("lmt-nguyen", 8, 15, (5, 3), 60), Visit("lmt-nguyen", 11, 15, (4, 2), 62),
            Visit("lmt-nguyen", 15, 15),
        ],
        shown_as="authorization nearly used: 4 of 5 massage visits held, the last one booked",
    ),
    Patient(
        "DEMO-5", "Alex", "Chen", ["M54.50"], ["strain"], "low_back",
        {"chiropractic": (2, 1)}, {"chiropractic": 2},
        "discharged", team=["dc-patel"],
        visits=[Visit("dc-patel", 1, 16, (5, 2), 55), Visit("dc-patel", 3, 16, (3, 1), 70)],
        shown_as="discharged after a short chiropractic series",
    ),
)  # fmt: skip


def referral_body(patient: Patient, start_on: date) -> dict[str, Any]:
    weeks = max(weeks for _, weeks in patient.disciplines.values())
    return {
        "patient": {"mrn": patient.mrn, "given_name": patient.given_name, "family_name": patient.family_name},
        "referring_physician": {"name": PHYSICIAN[2], "npi": PHYSICIAN[3]},
        "diagnosis_codes": patient.diagnosis_codes,
        "conditions": patient.conditions,
        "requested_disciplines": [
            {"discipline": name, "visits_per_week": per_week, "weeks": weeks}
            for name, (per_week, weeks) in patient.disciplines.items()
        ],
        "precautions": patient.precautions,
        "insurance": {
            "payer": "Acme Health",
            "member_id": f"M-{patient.mrn}",
            "valid_from": str(start_on),
            "valid_to": str(start_on + timedelta(weeks=weeks + 2)),
            "visits_authorized": patient.authorized,
        },
    }


def acceptance_body(patient: Patient, start_on: date) -> dict[str, Any]:
    weeks = max(weeks for _, weeks in patient.disciplines.values())
    measure, baseline, target = _measure(patient)
    due_on = str(start_on + timedelta(weeks=weeks))
    return {
        "start_on": str(start_on),
        "goals": [
            {"metric": "pain_nrs", "baseline": 7, "target": 3, "comparator": "at_most", "due_on": due_on},
            {
                "metric": measure,
                "baseline": baseline,
                "target": target,
                "comparator": "at_least",
                "due_on": due_on,
            },
        ],
        "care_team": [
            {"provider_id": user, "discipline": _discipline(user), "coordinator": index == 0}
            for index, user in enumerate(patient.team)
        ],
        "plan_items": [
            {
                "discipline": name,
                "precautions": patient.precautions,
                "spot_work_allowed": name == "medical_massage",
            }
            for name in patient.disciplines
        ],
    }


def note_body(patient: Patient, visit: Visit) -> dict[str, Any]:
    assert visit.pain is not None and visit.measure is not None
    joint, motion = ("lumbar", "flexion") if patient.region == "low_back" else ("cervical", "rotation")
    technique = {"chiropractic": "spinal_manipulation", "physical_therapy": "therapeutic_exercise"}.get(
        _discipline(visit.provider), "myofascial_release"
    )
    treated: dict[str, Any] = {"technique": technique, "minutes": 30}
    if technique == "spinal_manipulation":
        treated = {**treated, "minutes": 15, "regions": ["lumbar" if joint == "lumbar" else "cervical"]}
    return {
        "content": {
            "subjective": {
                "pain": [{"body_region": patient.region, "before": visit.pain[0], "after": visit.pain[1]}]
            },
            "objective": {"range_of_motion": [{"joint": joint, "motion": motion, "degrees": visit.measure}]},
            "treatment": {"techniques": [treated], "pressure": "moderate", "tolerance": "good"},
            "assessment": {
                "summary": "Less guarding; tolerated treatment well.",
                "response_to_treatment": "better",
            },
            "plan": {"follow_up": "Continue the plan; home stretches twice a day."},
        }
    }


def _measure(patient: Patient) -> tuple[str, float, float]:
    if patient.region == "low_back":
        return "lumbar_flexion_deg", 40, 70
    return "cervical_rotation_deg", 50, 70


def _discipline(user: str) -> str:
    return next(discipline for provider, _, _, discipline in PROVIDERS if provider == user)
