"""What happens before a person opens the console, done through the services' APIs: a physician
refers a patient, the clinic accepts, a visit is booked and held."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from carecoord.auth import Role
from carecoord_local.testing import MintToken, eventually

from ..conftest import System

THERAPIST = "lmt-kim"
PHYSICIAN = "dr-osei"


def start_on() -> date:
    return datetime.now(UTC).date() + timedelta(days=1)


def referral_body(mrn: str) -> dict[str, Any]:
    return {
        "patient": {"mrn": mrn, "given_name": "Dana", "family_name": "Reyes"},
        "referring_physician": {"name": "Dr. Ada Osei", "npi": "1234567893"},
        "diagnosis_codes": ["M54.50"],
        "conditions": ["low back pain"],
        "requested_disciplines": [{"discipline": "medical_massage", "visits_per_week": 2, "weeks": 6}],
        "precautions": ["no_deep_pressure"],
        "insurance": {
            "payer": "Acme Health",
            "member_id": "M-1",
            "valid_from": str(start_on()),
            "valid_to": str(start_on() + timedelta(days=60)),
            "visits_authorized": {"medical_massage": 12},
        },
    }


ACCEPTANCE = {
    "start_on": str(start_on()),
    "goals": [
        {
            "metric": "pain_nrs",
            "baseline": 7,
            "target": 3,
            "comparator": "at_most",
            "due_on": str(start_on() + timedelta(weeks=6)),
        }
    ],
    "care_team": [{"provider_id": THERAPIST, "discipline": "medical_massage", "coordinator": True}],
}


class ClinicApi:
    def __init__(
        self, http: httpx.AsyncClient, system: System, mint_token: MintToken, clinic_id: str
    ) -> None:
        self.http, self.system, self.clinic_id = http, system, clinic_id
        self.physician = mint_token(Role.PHYSICIAN, clinic_id, subject=PHYSICIAN)
        self.admin = mint_token(Role.ADMIN, clinic_id, subject="front-desk")
        self.scheduler = mint_token(Role.SCHEDULER, clinic_id, subject="front-desk")
        self.therapist = mint_token(Role.MASSAGE_THERAPIST, clinic_id, subject=THERAPIST)

    async def call(
        self, method: str, service: str, path: str, token: str, body: Any = None, if_match: str | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **({"If-Match": if_match} if if_match else {})}
        return await self.http.request(method, self.system.urls[service] + path, json=body, headers=headers)

    async def refer(self, mrn: str) -> dict[str, Any]:
        created = await self.call("POST", "referrals", "/referrals", self.physician, referral_body(mrn))
        assert created.status_code == 201, created.text
        return dict(created.json())

    async def accept(self, referral_id: str) -> str:
        accepted = await self.call(
            "POST", "referrals", f"/referrals/{referral_id}/accept", self.admin, ACCEPTANCE
        )
        assert accepted.status_code == 200, accepted.text
        return str(accepted.json()["care_plan_id"])

    async def add_therapist(self) -> None:
        every_day = [{"weekday": day, "start": "00:00", "end": "23:59"} for day in range(7)]
        provider = {
            "id": THERAPIST,
            "display_name": "Kim (LMT)",
            "discipline": "medical_massage",
            "time_zone": "UTC",
            "working_hours": every_day,
        }
        added = await self.call("POST", "scheduling", "/providers", self.admin, provider)
        assert added.status_code == 201, added.text

    async def add_room(self, name: str) -> str:
        added = await self.call("POST", "scheduling", "/rooms", self.admin, {"name": name, "kind": "room"})
        assert added.status_code == 201, added.text
        return str(added.json()["id"])

    async def bookable(self, care_plan_id: str) -> None:
        """Waits until scheduling has its copy of the plan (from the referrals topic)."""

        async def projected() -> bool:
            response = await self.call("GET", "scheduling", f"/care-plans/{care_plan_id}", self.scheduler)
            return response.status_code == 200

        await eventually(projected)

    async def booked_visit(self, care_plan_id: str, room_id: str | None = None) -> str:
        """A visit booked with the therapist the day after treatment starts, at 10:00 UTC."""
        await self.add_therapist()
        await self.bookable(care_plan_id)
        starts = datetime.combine(start_on() + timedelta(days=1), datetime.min.time(), UTC) + timedelta(
            hours=10
        )
        series = {
            "discipline": "medical_massage",
            "provider_id": THERAPIST,
            "visits": [{"starts_at": starts.isoformat(), "duration_minutes": 60}],
            **({"room_id": room_id} if room_id else {}),
        }
        booked = await self.call(
            "POST", "scheduling", f"/care-plans/{care_plan_id}/series", self.scheduler, series
        )
        assert booked.status_code == 201, booked.text
        return str(booked.json()["appointments"][0]["id"])

    async def held_visit(self, care_plan_id: str) -> str:
        """A visit booked with the therapist and completed, so its note draft exists."""
        visit = await self.booked_visit(care_plan_id)
        completed = await self.call("POST", "scheduling", f"/appointments/{visit}/complete", self.therapist)
        assert completed.status_code == 200, completed.text

        async def draft_writable() -> bool:
            response = await self.call("GET", "notes", f"/appointments/{visit}/note", self.therapist)
            return response.status_code == 200

        await eventually(draft_writable)
        return visit
