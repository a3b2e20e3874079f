"""The closed referral loop in FHIR R4, on the real services, broker and database: a physician's
EHR sends a referral Bundle, the clinic accepts, books and treats, and the physician's system reads
the Task's status, the care plan, its goals and the progress as Observations. Every answer is
checked by the HL7 instance validator."""

import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from carecoord.auth import Role
from carecoord_local.testing import MintToken, eventually

from ..conftest import System
from .bundles import referral_bundle, start_on
from .conftest import FhirClient

THERAPIST = "lmt-kim"
PAIN_NRS = "72514-3"


class Clinic:
    """The clinic's side, through the services' own APIs."""

    def __init__(
        self, http: httpx.AsyncClient, system: System, mint_token: MintToken, clinic_id: str
    ) -> None:
        self.http, self.system = http, system
        self.admin = mint_token(Role.ADMIN, clinic_id, subject="front-desk")
        self.scheduler = mint_token(Role.SCHEDULER, clinic_id, subject="front-desk")
        self.therapist = mint_token(Role.MASSAGE_THERAPIST, clinic_id, subject=THERAPIST)

    async def call(
        self, method: str, service: str, path: str, token: str, body: Any = None, **headers: str
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **headers}
        return await self.http.request(method, self.system.urls[service] + path, json=body, headers=headers)

    async def accept(self, referral_id: str) -> str:
        acceptance = {
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
        accepted = await self.call(
            "POST", "referrals", f"/referrals/{referral_id}/accept", self.admin, acceptance
        )
        assert accepted.status_code == 200, accepted.text
        return str(accepted.json()["care_plan_id"])

    async def treat(self, care_plan_id: str) -> str:
        """One visit booked, held and documented: pain 6 before, cervical rotation, an Oswestry."""
        every_day = [{"weekday": day, "start": "00:00", "end": "23:59"} for day in range(7)]
        provider = {
            "id": THERAPIST,
            "display_name": "Kim (LMT)",
            "discipline": "medical_massage",
            "time_zone": "UTC",
            "working_hours": every_day,
        }
        assert (await self.call("POST", "scheduling", "/providers", self.admin, provider)).status_code == 201

        async def bookable() -> bool:
            return (
                await self.call("GET", "scheduling", f"/care-plans/{care_plan_id}", self.scheduler)
            ).status_code == 200

        await eventually(bookable)
        starts = datetime.combine(start_on() + timedelta(days=1), datetime.min.time(), UTC) + timedelta(
            hours=10
        )
        series = {
            "discipline": "medical_massage",
            "provider_id": THERAPIST,
            "visits": [{"starts_at": starts.isoformat(), "duration_minutes": 60}],
        }
        booked = await self.call(
            "POST", "scheduling", f"/care-plans/{care_plan_id}/series", self.scheduler, series
        )
        assert booked.status_code == 201, booked.text
        visit = booked.json()["appointments"][0]["id"]
        assert (
            await self.call("POST", "scheduling", f"/appointments/{visit}/complete", self.therapist)
        ).status_code == 200

        async def draft() -> httpx.Response | None:
            response = await self.call("GET", "notes", f"/appointments/{visit}/note", self.therapist)
            return response if response.status_code == 200 else None

        note = await eventually(draft)
        assert isinstance(note, httpx.Response)
        content = {
            "subjective": {"pain": [{"body_region": "low_back", "before": 6, "after": 3}]},
            "objective": {
                "range_of_motion": [
                    {"joint": "cervical", "motion": "rotation", "side": "left", "degrees": 60}
                ],
                "outcome_measures": {"oswestry_items": [2, 2, 1, 2, 2, 1, 2, None, 2, 2]},
            },
            "treatment": {"techniques": [{"technique": "myofascial_release", "minutes": 30}]},
            "assessment": {"summary": "tolerated well"},
        }
        note_id = note.json()["id"]
        saved = await self.call(
            "PUT",
            "notes",
            f"/notes/{note_id}",
            self.therapist,
            {"content": content},
            **{"If-Match": note.headers["ETag"]},
        )
        assert saved.status_code == 200, saved.text
        signed = await self.call(
            "POST",
            "notes",
            f"/notes/{note_id}/signature",
            self.therapist,
            **{"If-Match": saved.headers["ETag"]},
        )
        assert signed.status_code == 200, signed.text
        return str(visit)


async def test_a_fhir_referral_comes_back_as_task_status_care_plan_and_observations(
    system: System, fhir: FhirClient, mint_token: MintToken, clinic_id: str
) -> None:
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    sent = await fhir.post("/", physician, referral_bundle("SR-100"))
    assert sent.status == 200, sent.body
    request_entry, patient_entry = sent.body["entry"][0], sent.body["entry"][1]
    assert request_entry["response"]["status"] == "201 Created"
    referral_id = request_entry["response"]["location"].removeprefix("ServiceRequest/")
    patient_id = patient_entry["response"]["location"].removeprefix("Patient/")

    again = await fhir.post("/", physician, referral_bundle("SR-100"))
    assert again.body["entry"][0]["response"] == {
        "status": "200 OK",
        "location": f"ServiceRequest/{referral_id}",
    }

    task = await fhir.get(f"/Task/{referral_id}", physician)
    assert task.body["status"] == "received"
    service_request = (await fhir.get(f"/ServiceRequest/{referral_id}", physician)).body
    assert service_request["identifier"][0]["value"] == "SR-100"
    active = (await fhir.get(f"/ServiceRequest?patient={patient_id}&status=active", physician)).body
    assert [e["resource"]["id"] for e in active["entry"]] == [referral_id]
    assert (
        "entry"
        not in (await fhir.get(f"/ServiceRequest?patient={patient_id}&status=revoked", physician)).body
    )
    assert service_request["reasonCode"][0]["coding"][0]["code"] == "M54.50"
    patient = (await fhir.get(f"/Patient/{patient_id}", physician)).body
    assert patient["name"][0]["family"] == "Reyes"

    async with httpx.AsyncClient(timeout=10) as http:
        clinic = Clinic(http, system, mint_token, clinic_id)
        care_plan_id = await clinic.accept(referral_id)
        assert (await fhir.get(f"/Task/{referral_id}", physician)).body["status"] == "accepted"
        visit_id = await clinic.treat(care_plan_id)

    async def observed() -> dict[str, Any] | None:
        found = await fhir.get(f"/Observation?patient={patient_id}", physician)
        return found.body if found.body.get("entry") else None

    observations = await eventually(observed)
    assert isinstance(observations, dict)
    by_code = {e["resource"]["code"]["coding"][0]["code"]: e["resource"] for e in observations["entry"]}
    assert by_code[PAIN_NRS]["valueQuantity"]["value"] == 6
    assert by_code["97909-6"]["valueQuantity"]["unit"] == "%"
    assert by_code["cervical_rotation_deg"]["bodySite"]["text"] == "left cervical"
    one = by_code[PAIN_NRS]["id"]
    assert (await fhir.get(f"/Observation/{one}", physician)).body == by_code[PAIN_NRS]

    plans = (await fhir.get(f"/CarePlan?patient={patient_id}", physician)).body
    assert [e["resource"]["id"] for e in plans["entry"]] == [care_plan_id]

    async def goal_measured() -> dict[str, Any] | None:
        goals = (await fhir.get(f"/Goal?patient={patient_id}", physician)).body
        goal = goals["entry"][0]["resource"]
        return goal if goal["achievementStatus"]["coding"][0]["code"] == "improving" else None

    goal = await eventually(goal_measured)
    assert isinstance(goal, dict)
    assert (await fhir.get(f"/Goal/{goal['id']}", physician)).body == goal
    team = (await fhir.get(f"/CareTeam/{care_plan_id}", physician)).body
    assert team["participant"][0]["member"] == {"reference": f"Practitioner/{THERAPIST}"}
    visits = (await fhir.get(f"/Appointment?patient={patient_id}&status=fulfilled", physician)).body
    assert [e["resource"]["id"] for e in visits["entry"]] == [visit_id]
    encounter = (await fhir.get(f"/Encounter/{visit_id}", physician)).body
    assert encounter["status"] == "finished"
    therapist = (await fhir.get(f"/Practitioner/{THERAPIST}", physician)).body
    assert therapist["name"] == [{"text": "Kim (LMT)"}]
    roles = (await fhir.get(f"/PractitionerRole?practitioner=Practitioner/{THERAPIST}", physician)).body
    assert roles["entry"][0]["resource"]["code"][0]["coding"][0]["code"] == "medical_massage"
    now = (await fhir.get(f"/Task/{referral_id}", physician)).body["status"]
    assert now in ("accepted", "in-progress")  # in progress once referrals hears of the first visit
    tasks = (await fhir.get(f"/Task?patient={patient_id}&status={now}", physician)).body
    assert [e["resource"]["id"] for e in tasks["entry"]] == [referral_id]
    assert "entry" not in (await fhir.get(f"/Task?patient={patient_id}&status=completed", physician)).body

    async def in_progress() -> bool:
        return (await fhir.get(f"/Task/{referral_id}", physician)).body["status"] == "in-progress"

    await eventually(in_progress)
    async with httpx.AsyncClient(timeout=10) as http:
        clinic = Clinic(http, system, mint_token, clinic_id)
        closed = await clinic.call("POST", "referrals", f"/referrals/{referral_id}/complete", clinic.admin)
        assert closed.status_code == 200, closed.text
    assert (await fhir.get(f"/Task/{referral_id}", physician)).body["status"] == "completed"
    await _the_discharge_summary_is_a_pdf_letter(fhir, physician, patient_id)


async def _the_discharge_summary_is_a_pdf_letter(fhir: FhirClient, physician: str, patient_id: str) -> None:
    async def discharged() -> dict[str, Any] | None:
        found = (await fhir.get(f"/DocumentReference?patient={patient_id}", physician)).body
        documents = [e["resource"] for e in found.get("entry", [])]
        return next((d for d in documents if d["type"]["coding"][0]["code"] == "18842-5"), None)

    document = await eventually(discharged)
    assert isinstance(document, dict)
    url = document["content"][0]["attachment"]["url"]
    pdf = await fhir.http.get(f"/{url}", headers={"Authorization": f"Bearer {physician}"})
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())
    for expected in (
        "Discharge summary",
        "Dana Reyes",
        "M54.50",
        "medical massage: 1 attended",
        "tolerated well",
        "signed by lmt-kim",
        "Pain and function over the visits",
    ):
        assert expected in text, expected
    assert (await fhir.get(f"/{url}", physician)).body["contentType"] == "application/pdf"


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


async def test_an_invalid_diagnosis_code_is_an_operation_outcome_naming_the_element(
    fhir: FhirClient, mint_token: MintToken, clinic_id: str
) -> None:
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    refused = await fhir.post("/", physician, referral_bundle("SR-200", icd10="M54.5"))
    assert refused.status == 422
    issue = refused.body["issue"][0]
    assert issue["expression"] == ["Bundle.entry[2].resource.code.coding[0].code"]
    assert "M54.50" in issue["diagnostics"], "names the billable codes under M54.5"
    unsigned = referral_bundle("SR-201")
    del unsigned["entry"][0]["resource"]["identifier"]
    missing = await fhir.post("/", physician, unsigned)
    assert missing.status == 400
    assert missing.body["issue"][0]["expression"] == ["Bundle.entry[0].resource.identifier[0]"]


async def test_another_clinic_other_physicians_and_unscoped_integrators_see_nothing(
    fhir: FhirClient, mint_token: MintToken, clinic_id: str
) -> None:
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    sent = await fhir.post("/", physician, referral_bundle("SR-300"))
    referral_id = sent.body["entry"][0]["response"]["location"].removeprefix("ServiceRequest/")
    patient_id = sent.body["entry"][1]["response"]["location"].removeprefix("Patient/")
    outsider = mint_token(Role.ADMIN, "another-clinic")
    for path in (f"/ServiceRequest/{referral_id}", f"/Task/{referral_id}", f"/Patient/{patient_id}"):
        answer = await fhir.get(path, outsider)
        assert answer.status == 404 and answer.body["issue"][0]["code"] == "not-found", path
    colleague = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-someone-else")
    assert (await fhir.get(f"/ServiceRequest/{referral_id}", colleague)).status == 403
    assert "entry" not in (await fhir.get(f"/ServiceRequest?patient={patient_id}", colleague)).body
    assert (await fhir.get(f"/Task/{referral_id}", None)).status == 401
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    assert (await fhir.get(f"/Task/{referral_id}", integrator)).body["status"] == "received"
    unscoped = mint_token(Role.INTEGRATOR, clinic_id)
    assert (await fhir.get(f"/Task/{referral_id}", unscoped)).status == 403
    assert (await fhir.get("/Task?subject=x", physician)).status == 400
    assert (await fhir.get("/Medication/1", physician)).status == 404


async def test_the_capability_statement_lists_what_is_supported(fhir: FhirClient) -> None:
    statement = (await fhir.get("/metadata", None)).body
    assert statement["fhirVersion"] == "4.0.1"
    types = {resource["type"] for resource in statement["rest"][0]["resource"]}
    assert types == {
        *("Patient", "Practitioner", "PractitionerRole", "ServiceRequest", "Task", "CarePlan", "Goal"),
        *("CareTeam", "Appointment", "Encounter", "Observation", "DocumentReference", "Binary"),
    }
