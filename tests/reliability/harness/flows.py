"""The care flow a workload repeats, through each service's HTTP API as its users would: the
physician refers, the clinic accepts (care plan), a provider edits the plan, the front desk books
a series, the provider completes the first visit and signs its note. Every acknowledged step is
written to the flow's record for the reconciliation."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from carecoord.auth import Role

from .http import Calls
from .system import System

PHYSICIAN = "dr-osei"
DISCIPLINE = "medical_massage"


@dataclass
class FlowRecord:
    """What the system acknowledged for one patient's flow (ids as the API returned them)."""

    number: int
    mrn: str
    provider_id: str
    referral_id: str | None = None
    patient_id: str | None = None
    care_plan_id: str | None = None
    plan_version: int = 0
    appointment_ids: list[str] = field(default_factory=list)
    completed_id: str | None = None
    note_id: str | None = None
    signed: bool = False
    broke_at: str | None = None  # the step whose outcome is indeterminate, if any


@dataclass
class Clinic:
    system: System
    clinic_id: str

    def token(self, role: Role, subject: str | None = None) -> str:
        # An integrator (the physician's EHR) reads everything it subscribes to.
        scopes = "system/*.read" if role is Role.INTEGRATOR else ""
        return self.system.mint(role, self.clinic_id, subject=subject, scopes=scopes)


def _start_on() -> date:
    return datetime.now(UTC).date() + timedelta(days=1)


def referral_body(mrn: str) -> dict[str, Any]:
    start = _start_on()
    return {
        "patient": {"mrn": mrn, "given_name": "Dana", "family_name": "Reyes"},
        "referring_physician": {"name": "Dr. Ada Osei", "npi": "1234567893"},
        "diagnosis_codes": ["M54.50"],
        "conditions": ["low back pain"],
        "requested_disciplines": [{"discipline": DISCIPLINE, "visits_per_week": 2, "weeks": 6}],
        "insurance": {
            "payer": "Acme Health",
            "member_id": "M-1",
            "valid_from": start.isoformat(),
            "valid_to": (start + timedelta(days=60)).isoformat(),
            "visits_authorized": {DISCIPLINE: 12},
        },
    }


def _goal(target: float) -> dict[str, Any]:
    due = _start_on() + timedelta(weeks=6)
    return {
        "metric": "pain_nrs",
        "baseline": 7,
        "target": target,
        "comparator": "at_most",
        "due_on": str(due),
    }


def accept_body(provider_id: str) -> dict[str, Any]:
    return {
        "start_on": _start_on().isoformat(),
        "goals": [_goal(3)],
        "care_team": [{"provider_id": provider_id, "discipline": DISCIPLINE, "coordinator": True}],
    }


def provider_body(provider_id: str) -> dict[str, Any]:
    every_day = [{"weekday": day, "start": "00:00", "end": "23:59"} for day in range(7)]
    return {
        "id": provider_id,
        "display_name": provider_id,
        "discipline": DISCIPLINE,
        "time_zone": "UTC",
        "working_hours": every_day,
    }


def series_body(provider_id: str) -> dict[str, Any]:
    first = datetime.combine(_start_on() + timedelta(days=1), time(10), UTC)
    visits = [
        {"starts_at": (first + timedelta(days=7 * week)).isoformat(), "duration_minutes": 60}
        for week in (0, 1)
    ]
    return {"discipline": DISCIPLINE, "provider_id": provider_id, "visits": visits}


NOTE_CONTENT = {
    "content": {
        "subjective": {"pain": [{"body_region": "low_back", "before": 6, "after": 3}]},
        "treatment": {"techniques": [{"technique": "myofascial_release", "minutes": 30}]},
        "assessment": {"summary": "tolerated well"},
    }
}


def new_flow(number: int, run: str) -> FlowRecord:
    return FlowRecord(number=number, mrn=f"MRN-{run}-{number}", provider_id=f"lmt-{run}-{number}")


async def add_provider(calls: Calls, clinic: Clinic, flow: FlowRecord) -> None:
    """Setup, not a measured step: the flow's own therapist, so flows never contend for a slot."""
    await calls.send(
        "POST",
        "scheduling",
        "/providers",
        ok=(201, 409),
        token=clinic.token(Role.ADMIN, "admin-1"),
        json=provider_body(flow.provider_id),
    )


async def run_flow(calls: Calls, clinic: Clinic, flow: FlowRecord) -> None:
    """The steps in order; each acknowledged one is recorded before the next is tried. An
    Indeterminate step ends the flow (raised to the workload, which notes where)."""
    admin = clinic.token(Role.ADMIN, "admin-1")
    therapist = clinic.token(Role.MASSAGE_THERAPIST, flow.provider_id)

    flow.broke_at = "create referral"
    created = await calls.send(
        "POST",
        "referrals",
        "/referrals",
        ok=(201,),
        token=clinic.token(Role.PHYSICIAN, PHYSICIAN),
        json=referral_body(flow.mrn),
    )
    flow.referral_id, flow.patient_id = created.json()["id"], created.json()["patient_id"]

    flow.broke_at = "accept"
    accepted = await calls.send(
        "POST",
        "referrals",
        f"/referrals/{flow.referral_id}/accept",
        ok=(200,),
        token=admin,
        json=accept_body(flow.provider_id),
    )
    flow.care_plan_id, flow.plan_version = accepted.json()["care_plan_id"], 1

    flow.broke_at = "edit plan"
    await calls.send(
        "PATCH",
        "referrals",
        f"/care-plans/{flow.care_plan_id}",
        ok=(200,),
        token=therapist,
        json={"goals": [_goal(2)]},
        headers={"If-Match": '"1"'},
    )
    flow.plan_version = 2

    flow.broke_at = "book series"
    booked = await calls.send(
        "POST",
        "scheduling",
        f"/care-plans/{flow.care_plan_id}/series",
        ok=(201,),
        wait_on=(404,),
        token=clinic.token(Role.SCHEDULER, "front-desk"),
        json=series_body(flow.provider_id),
    )
    flow.appointment_ids = [item["id"] for item in booked.json()["appointments"]]

    flow.broke_at = "complete visit"
    first = flow.appointment_ids[0]
    await calls.send("POST", "scheduling", f"/appointments/{first}/complete", ok=(200,), token=therapist)
    flow.completed_id = first

    flow.broke_at = "write note"
    # notes opens the draft from scheduling's topic and learns the care team from referrals': the
    # two are not ordered, so the visit's own therapist can be refused (403) until both are in.
    draft = await calls.send(
        "GET", "notes", f"/appointments/{first}/note", ok=(200,), wait_on=(403, 404), token=therapist
    )
    flow.note_id = draft.json()["id"]
    revised = await calls.send(
        "PUT",
        "notes",
        f"/notes/{flow.note_id}",
        ok=(200,),
        token=therapist,
        json=NOTE_CONTENT,
        headers={"If-Match": draft.headers["ETag"]},
    )
    flow.broke_at = "sign note"
    await calls.send(
        "POST",
        "notes",
        f"/notes/{flow.note_id}/signature",
        ok=(200,),
        token=therapist,
        headers={"If-Match": revised.headers["ETag"]},
    )
    flow.signed = True
    flow.broke_at = None


def run_id() -> str:
    return uuid.uuid4().hex[:6]


@dataclass(frozen=True)
class Subscription:
    id: str
    secret: str
    event_types: tuple[str, ...]


async def subscribe(calls: Calls, clinic: Clinic, url: str, event_types: tuple[str, ...]) -> Subscription:
    """An integrator's webhook subscription (the physician's EHR)."""
    created = await calls.send(
        "POST",
        "notifications",
        "/subscriptions",
        ok=(201,),
        token=clinic.token(Role.INTEGRATOR, "ehr-1"),
        json={"url": url, "event_types": list(event_types)},
    )
    return Subscription(created.json()["id"], created.json()["secret"], event_types)
