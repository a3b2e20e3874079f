"""`make demo`: loads the demo clinic into the system `make run` started, through the services'
public APIs only, each step with the token of the person who would take it. Visits are booked from
tomorrow on (scheduling refuses the past); the held ones are completed and their notes signed now,
so the progress chart shows the coming days' dates. Loading twice is refused, not duplicated."""

import asyncio
import os
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
from carecoord.auth import Role
from carecoord.dev_keys import ensure_dev_keypair, mint_dev_token
from carecoord_local.tokens import dev_keys_dir
from clinic_story import (
    CLINIC,
    FRONT_DESK,
    PATIENTS,
    PHYSICIAN,
    PROVIDERS,
    ROLE_OF,
    Patient,
    acceptance_body,
    note_body,
    referral_body,
)

SERVICES = {"referrals": 8001, "scheduling": 8002, "notes": 8003, "notifications": 8004}
DEADLINE_SECONDS = 120


class Clinic:
    def __init__(self, http: httpx.AsyncClient) -> None:
        key, _ = ensure_dev_keypair(dev_keys_dir())
        self.http = http
        self.urls = {
            name: f"http://127.0.0.1:{os.environ.get(f'CARECOORD_{name.upper()}_PORT', port)}"
            for name, port in SERVICES.items()
        }
        people = [(PHYSICIAN[0], Role.PHYSICIAN), (FRONT_DESK, Role.ADMIN)]
        people += [(user, Role(role)) for user, role in ROLE_OF.items()]
        self.tokens = {
            user: mint_dev_token(key, subject=user, role=role, clinic_id=CLINIC) for user, role in people
        }

    async def call(
        self, who: str, method: str, service: str, path: str, body: Any = None, etag: str = "", ok: int = 404
    ) -> httpx.Response:
        """The answer; any refusal but ``ok`` (a projection not built yet, by default) ends the demo."""
        headers = {"Authorization": f"Bearer {self.tokens[who]}", **({"If-Match": etag} if etag else {})}
        response = await self.http.request(method, self.urls[service] + path, json=body, headers=headers)
        if response.status_code >= 400 and response.status_code != ok:
            sys.exit(
                f"make demo: {method} {service} {path} answered {response.status_code}: {response.text[:300]}"
            )
        return response

    async def until(self, who: str, service: str, path: str) -> httpx.Response:
        """Waits for another service's projection (built from events) to answer."""
        for _ in range(DEADLINE_SECONDS * 4):
            response = await self.call(who, "GET", service, path)
            if response.status_code == 200:
                return response
            await asyncio.sleep(0.25)
        sys.exit(f"make demo: {service} did not catch up within {DEADLINE_SECONDS} s")


async def ready(http: httpx.AsyncClient, clinic: Clinic) -> None:
    for name, url in clinic.urls.items():
        try:
            (await http.get(f"{url}/readyz")).raise_for_status()
        except httpx.HTTPError:
            sys.exit(f"make demo: the {name} service does not answer at {url}; start `make run` first")


async def add_providers(clinic: Clinic) -> None:
    every_day = [{"weekday": day, "start": "07:00", "end": "19:00"} for day in range(7)]
    for user, _, name, discipline in PROVIDERS:
        provider = {
            "id": user,
            "display_name": name,
            "discipline": discipline,
            "time_zone": "UTC",
            "working_hours": every_day,
        }
        await clinic.call(FRONT_DESK, "POST", "scheduling", "/providers", provider, ok=409)  # added before


async def load_patient(clinic: Clinic, patient: Patient, start_on: date) -> None:
    referral = (
        await clinic.call(PHYSICIAN[0], "POST", "referrals", "/referrals", referral_body(patient, start_on))
    ).json()
    if patient.stage == "received":
        return
    path = f"/referrals/{referral['id']}/accept"
    care_plan = (
        await clinic.call(FRONT_DESK, "POST", "referrals", path, acceptance_body(patient, start_on))
    ).json()["care_plan_id"]
    await clinic.until(FRONT_DESK, "scheduling", f"/care-plans/{care_plan}")
    for visit in patient.visits:
        starts = datetime.combine(start_on + timedelta(days=visit.day), time(visit.hour), UTC)
        series = {"discipline": _discipline(visit.provider), "provider_id": visit.provider,
                  "visits": [{"starts_at": starts.isoformat(), "duration_minutes": 45}]}  # fmt: skip
        booked = await clinic.call(
            FRONT_DESK, "POST", "scheduling", f"/care-plans/{care_plan}/series", series
        )
        if visit.pain is not None:
            await hold_visit(clinic, patient, visit, booked.json()["appointments"][0]["id"])
    if patient.stage == "discharged":
        await clinic.call(FRONT_DESK, "POST", "referrals", f"/referrals/{referral['id']}/complete")


async def hold_visit(clinic: Clinic, patient: Patient, visit: Any, appointment: str) -> None:
    await clinic.call(visit.provider, "POST", "scheduling", f"/appointments/{appointment}/complete")
    note = await clinic.until(visit.provider, "notes", f"/appointments/{appointment}/note")
    path = f"/notes/{note.json()['id']}"
    saved = await clinic.call(
        visit.provider, "PUT", "notes", path, note_body(patient, visit), note.headers["ETag"]
    )
    await clinic.call(visit.provider, "POST", "notes", f"{path}/signature", None, saved.headers["ETag"])


def _discipline(user: str) -> str:
    return next(discipline for provider, _, _, discipline in PROVIDERS if provider == user)


async def main() -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        clinic = Clinic(http)
        await ready(http, clinic)
        loaded = await clinic.call(FRONT_DESK, "GET", "referrals", "/referrals?limit=1")
        if loaded.json()["items"]:
            print(
                f"{CLINIC} already has referrals: the demo loads only into an empty clinic (`make clean` empties var/)."
            )
        else:
            await add_providers(clinic)
            start_on = datetime.now(UTC).date()
            for patient in PATIENTS:
                print(f"  {patient.given_name} {patient.family_name}: {patient.shown_as}", flush=True)
                await load_patient(clinic, patient, start_on)
    print(GUIDE)


GUIDE = f"""
The demo clinic is loaded. Open http://127.0.0.1:8000 and sign in (clinic {CLINIC}) as:
  front-desk  Clinic admin               new referral for Dana Reyes; webhooks and audit trail
  front-desk  Front desk (scheduling)    the week of each provider; reschedule or cancel a visit
  lmt-kim     Medical massage therapist  Maria Gomez's chart and notes; write the next note
  pt-garcia   Physical therapist         the same patient from physical therapy
  dc-patel    Chiropractor               Sam Lee's booked series; Alex Chen, discharged
  lmt-nguyen  Medical massage therapist  John Park, authorization nearly used
  dr-osei     Referring physician        every referred patient, progress charts and reports
"""

if __name__ == "__main__":
    asyncio.run(main())
