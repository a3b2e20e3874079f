"""The data the access matrix runs against, built only through the services' APIs and the events
they exchange: three patients (own and another of clinic A, one of clinic B), each referred,
accepted with a care team, booked in every discipline, checked in (which opens the notes), one
note signed (which makes a progress report); webhook subscriptions, contact points and inbox
items in both clinics."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
from carecoord.auth import Role
from carecoord.events import Discipline
from carecoord_local.testing import MintToken, eventually

CONTEXTS = ("own", "same", "other")
DISCIPLINE_OF_ROLE = {
    Role.CHIROPRACTOR: Discipline.CHIROPRACTIC,
    Role.PHYSICAL_THERAPIST: Discipline.PHYSICAL_THERAPY,
    Role.MASSAGE_THERAPIST: Discipline.MEDICAL_MASSAGE,
}
# The caller of each role: always of clinic A, and for the providers on P1's care team.
SUBJECT_OF_ROLE = {
    Role.PHYSICIAN: "dr-own",
    Role.CHIROPRACTOR: "dc-own",
    Role.PHYSICAL_THERAPIST: "pt-own",
    Role.MASSAGE_THERAPIST: "lmt-own",
    Role.SCHEDULER: "front-desk",
    Role.ADMIN: "admin-a",
    Role.INTEGRATOR: "integrator-a",
}
PREFIX_OF_DISCIPLINE = {"chiropractic": "dc", "physical_therapy": "pt", "medical_massage": "lmt"}


def _team(clinic: str, physician: str, suffix: str) -> tuple[str, str, dict[str, str]]:
    return clinic, physician, {d: f"{prefix}-{suffix}" for d, prefix in PREFIX_OF_DISCIPLINE.items()}


# context -> (clinic key, referring physician, provider of each discipline)
TEAMS = {
    "own": _team("A", "dr-own", "own"),
    "same": _team("A", "dr-other", "other"),
    "other": _team("B", "dr-b", "b"),
}
SIGNED_CONTENT: dict[str, Any] = {
    "subjective": {"pain": [{"body_region": "low_back", "before": 6, "after": 4}]},
    "treatment": {
        "techniques": [{"technique": "myofascial_release", "minutes": 25, "body_areas": ["low_back"]}],
        "pressure": "moderate",
        "tolerance": "good",
        "areas_treated": ["low_back"],
    },
    "assessment": {"summary": "Tone reduced.", "response_to_treatment": "better"},
    "plan": {"next_visit_focus": "QL", "follow_up": "Twice weekly"},
}
UNREACHABLE_HOOK = "http://127.0.0.1:9/hook"  # the discard port: deliveries fail, nothing listens


def next_monday_after(days: int) -> date:
    day = date.today() + timedelta(days=days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@dataclass
class World:
    clinics: dict[str, str]
    window_start: date
    patients: dict[str, str] = field(default_factory=dict)
    referrals: dict[str, str] = field(default_factory=dict)
    care_plans: dict[str, str] = field(default_factory=dict)
    appointments: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)
    subscriptions: dict[str, str] = field(default_factory=dict)
    deliveries: dict[str, str] = field(default_factory=dict)
    inbox_items: dict[str, int] = field(default_factory=dict)

    def provider(self, context: str, discipline: str) -> str:
        return TEAMS[context][2][discipline]

    def slot(self, sequence: int) -> str:
        """A distinct weekday hour from the window's second week on (providers work 8-18 UTC)."""
        weekdays = [
            self.window_start + timedelta(days=d)
            for d in range(7, 42)
            if (self.window_start + timedelta(days=d)).weekday() < 5
        ]
        day = weekdays[(sequence // 8) % len(weekdays)]
        return datetime.combine(day, time(9 + sequence % 8), UTC).isoformat()


class Api:
    def __init__(
        self, http: httpx.AsyncClient, urls: dict[str, str], mint: MintToken, clinics: dict[str, str]
    ):
        self.http = http
        self.urls = urls
        self.mint = mint
        self.clinics = clinics

    def headers(self, clinic: str, role: Role, subject: str, **extra: str) -> dict[str, str]:
        scopes = "system/*.read" if role is Role.INTEGRATOR else ""
        token = self.mint(role, self.clinics[clinic], subject=subject, scopes=scopes)
        return {"Authorization": f"Bearer {token}", **extra}

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        clinic: str,
        role: Role,
        subject: str,
        expect: int = 200,
        **kw: Any,
    ) -> Any:
        headers = self.headers(clinic, role, subject, **kw.pop("headers", {}))
        response = await self.http.request(method, f"{self.urls[service]}{path}", headers=headers, **kw)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    async def poll(
        self, service: str, path: str, clinic: str, role: Role, subject: str, found: Callable[[Any], Any]
    ) -> Any:
        async def check() -> Any:
            response = await self.http.get(
                f"{self.urls[service]}{path}", headers=self.headers(clinic, role, subject)
            )
            return found(response.json()) if response.status_code == 200 else None

        return await eventually(check, within=60)


async def build_world(http: httpx.AsyncClient, urls: dict[str, str], mint: MintToken, run_id: str) -> World:
    clinics = {"A": f"clinic-a-{run_id}", "B": f"clinic-b-{run_id}"}
    api = Api(http, urls, mint, clinics)
    world = World(clinics, next_monday_after(7))
    for context in CONTEXTS:
        await _add_providers(api, context)
    for context in CONTEXTS:
        await _refer_and_accept(api, world, context)
    for context in CONTEXTS:
        await _book_and_check_in(api, world, context)
    for context in CONTEXTS:
        await _open_notes_and_sign_one(api, world, context)
    await _notifications(api, world)
    return world


async def _add_providers(api: Api, context: str) -> None:
    clinic, _, providers = TEAMS[context]
    for discipline, provider_id in providers.items():
        body = {
            "id": provider_id,
            "display_name": provider_id,
            "discipline": discipline,
            "time_zone": "UTC",
            "working_hours": [{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)],
        }
        await api.call("scheduling", "POST", "/providers", clinic, Role.ADMIN, "admin", 201, json=body)


def referral_body(mrn: str) -> dict[str, Any]:
    return {
        "patient": {"mrn": mrn, "given_name": "Sam", "family_name": "Lee"},
        "referring_physician": {"name": "Dr. Kim", "npi": "1234567893"},
        "diagnosis_codes": ["M54.50"],
        "conditions": ["low back pain"],
        "requested_disciplines": [
            {"discipline": d, "visits_per_week": 2, "weeks": 6}
            for d in ("chiropractic", "physical_therapy", "medical_massage")
        ],
    }


def acceptance_body(start_on: date, providers: dict[str, str]) -> dict[str, Any]:
    return {
        "start_on": start_on.isoformat(),
        "goals": [
            {
                "metric": "pain_nrs",
                "baseline": 7,
                "target": 3,
                "comparator": "at_most",
                "due_on": (start_on + timedelta(weeks=6)).isoformat(),
            }
        ],
        "plan_items": [{"discipline": d} for d in providers],
        "care_team": [{"provider_id": p, "discipline": d} for d, p in providers.items()],
    }


async def _refer_and_accept(api: Api, world: World, context: str) -> None:
    clinic, physician, providers = TEAMS[context]
    body = referral_body(f"MRN-{context}-{uuid.uuid4().hex[:6]}")
    referral = await api.call(
        "referrals", "POST", "/referrals", clinic, Role.PHYSICIAN, physician, 201, json=body
    )
    accepted = await api.call(
        "referrals",
        "POST",
        f"/referrals/{referral['id']}/accept",
        clinic,
        Role.ADMIN,
        "admin",
        json=acceptance_body(world.window_start, providers),
    )
    world.patients[context] = referral["patient_id"]
    world.referrals[context] = referral["id"]
    world.care_plans[context] = accepted["care_plan_id"]


async def _book_and_check_in(api: Api, world: World, context: str) -> None:
    clinic, _, providers = TEAMS[context]
    plan = world.care_plans[context]
    await api.poll("scheduling", f"/care-plans/{plan}", clinic, Role.ADMIN, "admin", lambda body: body)
    world.appointments[context] = {}
    for hour, (discipline, provider_id) in enumerate(providers.items()):
        body = {
            "care_plan_id": plan,
            "provider_id": provider_id,
            "discipline": discipline,
            "starts_at": datetime.combine(world.window_start, time(9 + hour), UTC).isoformat(),
            "duration_minutes": 30,
        }
        booked = await api.call(
            "scheduling", "POST", "/appointments", clinic, Role.SCHEDULER, "desk", 201, json=body
        )
        await api.call(
            "scheduling", "POST", f"/appointments/{booked['id']}/check-in", clinic, Role.SCHEDULER, "desk"
        )
        world.appointments[context][discipline] = booked["id"]


async def _open_notes_and_sign_one(api: Api, world: World, context: str) -> None:
    clinic, _, providers = TEAMS[context]
    world.notes[context] = {}
    for discipline, appointment_id in world.appointments[context].items():
        role = next(r for r, d in DISCIPLINE_OF_ROLE.items() if d == discipline)
        note = await api.poll(
            "notes",
            f"/appointments/{appointment_id}/note",
            clinic,
            role,
            providers[discipline],
            lambda body: body,
        )
        world.notes[context][discipline] = note["id"]
    massage = world.notes[context]["medical_massage"]
    therapist = providers["medical_massage"]
    await api.call(
        "notes",
        "PUT",
        f"/notes/{massage}",
        clinic,
        Role.MASSAGE_THERAPIST,
        therapist,
        json={"content": SIGNED_CONTENT},
    )
    await api.call("notes", "POST", f"/notes/{massage}/signature", clinic, Role.MASSAGE_THERAPIST, therapist)
    reports = await api.poll(
        "notes",
        f"/patients/{world.patients[context]}/progress-reports",
        clinic,
        Role.MASSAGE_THERAPIST,
        therapist,
        lambda body: body,
    )
    world.reports[context] = reports[0]["id"]


async def _notifications(api: Api, world: World) -> None:
    owners = {
        "own": ("A", Role.INTEGRATOR, "integrator-a"),
        "same": ("A", Role.ADMIN, "admin-a"),
        "other": ("B", Role.INTEGRATOR, "integrator-b"),
    }
    for context, (clinic, role, subject) in owners.items():
        body = {"url": UNREACHABLE_HOOK, "event_types": ["carecoord.referral.declined.v1"]}
        created = await api.call(
            "notifications", "POST", "/subscriptions", clinic, role, subject, 201, json=body
        )
        world.subscriptions[context] = created["id"]
        test = await api.call(
            "notifications", "POST", f"/subscriptions/{created['id']}/test", clinic, role, subject, 202
        )
        world.deliveries[context] = test["id"]
    contacts = {"A": [*SUBJECT_OF_ROLE.values(), "lmt-other"], "B": ["lmt-b"]}
    for clinic, subjects in contacts.items():
        for subject in subjects:
            body = {"email": f"{subject}@example.org"}
            await api.call(
                "notifications", "PUT", f"/recipients/{subject}", clinic, Role.ADMIN, "admin", json=body
            )
    for context in CONTEXTS:
        clinic, _, providers = TEAMS[context]
        items = await api.poll(
            "notifications",
            "/inbox",
            clinic,
            Role.MASSAGE_THERAPIST,
            providers["medical_massage"],
            lambda body: body["items"],
        )
        world.inbox_items[context] = items[0]["id"]
