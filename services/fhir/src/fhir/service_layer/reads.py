"""Read one resource: fetch what the owning service holds, with the caller's token, and map it.
An id that names nothing the caller may see is 404 (the services answer 404 for another clinic's
records, and the facade never says more than they do)."""

from collections.abc import Awaitable, Callable
from typing import Any

from fhir.adapters.services import CallerServices
from fhir.domain import care_plan, observations, referral, scheduling
from fhir.domain.outcome import FhirError
from fhir.domain.terms import is_fhir_id
from fhir.service_layer.letters import progress_document

Json = dict[str, Any]


def not_found(kind: str, fhir_id: str) -> FhirError:
    return FhirError.one(404, "not-found", f"{kind}/{fhir_id} is not known")


async def read_resource(services: CallerServices, kind: str, fhir_id: str) -> Json:
    if not is_fhir_id(fhir_id) or not any(char.isalnum() for char in fhir_id):
        raise not_found(kind, fhir_id)
    found = await READERS[kind](services, fhir_id)
    if found is None:
        raise not_found(kind, fhir_id)
    return found


async def referral_json(services: CallerServices, referral_id: str) -> Json:
    body: Json = await services.get("referrals", f"/referrals/{referral_id}")
    return body


async def latest_referral_of(services: CallerServices, patient_id: str) -> Json | None:
    page = await services.get("referrals", "/referrals", {"patient_id": patient_id, "limit": "1"})
    return await referral_json(services, page["items"][0]["id"]) if page["items"] else None


async def _service_request(services: CallerServices, fhir_id: str) -> Json:
    return referral.service_request(await referral_json(services, fhir_id))


async def _task(services: CallerServices, fhir_id: str) -> Json:
    return referral.task(await referral_json(services, fhir_id))


async def _patient(services: CallerServices, fhir_id: str) -> Json | None:
    found = await latest_referral_of(services, fhir_id)
    return referral.patient(fhir_id, found) if found else None


async def _care_plan(services: CallerServices, fhir_id: str) -> Json:
    return care_plan.care_plan(await services.get("referrals", f"/care-plans/{fhir_id}"))


async def _care_team(services: CallerServices, fhir_id: str) -> Json:
    return care_plan.care_team(await services.get("referrals", f"/care-plans/{fhir_id}"))


async def _goal(services: CallerServices, fhir_id: str) -> Json | None:
    parts = care_plan.split_goal_id(fhir_id)
    if parts is None:
        return None
    plan = await services.get("referrals", f"/care-plans/{parts[0]}")
    return next((care_plan.goal(plan, g) for g in plan["goals"] if g["goal_id"].startswith(parts[1])), None)


async def _observation(services: CallerServices, fhir_id: str) -> Json | None:
    parts = observations.split_observation_id(fhir_id)
    if parts is None:
        return None
    note_id, index = parts
    note = await services.get("notes", f"/notes/{note_id}")
    timeline = await services.get("notes", f"/patients/{note['patient_id']}/progress")
    entry = next((item for item in timeline if item["note_id"] == note_id), None)
    found = observations.observations(note["patient_id"], entry) if entry else []
    return found[index] if index < len(found) else None


async def provider_json(services: CallerServices, provider_id: str) -> Json | None:
    providers = await services.get("scheduling", "/providers")
    return next((item for item in providers if item["id"] == provider_id), None)


async def _practitioner(services: CallerServices, fhir_id: str) -> Json | None:
    provider = await provider_json(services, fhir_id)
    return scheduling.practitioner(provider) if provider else None


async def _practitioner_role(services: CallerServices, fhir_id: str) -> Json | None:
    provider = await provider_json(services, fhir_id)
    return scheduling.practitioner_role(provider) if provider else None


async def _appointment(services: CallerServices, fhir_id: str) -> Json:
    return scheduling.appointment(await services.get("scheduling", f"/appointments/{fhir_id}"))


async def _encounter(services: CallerServices, fhir_id: str) -> Json | None:
    return scheduling.encounter(await services.get("scheduling", f"/appointments/{fhir_id}"))


async def _document_reference(services: CallerServices, fhir_id: str) -> Json:
    return progress_document(await services.get("notes", f"/progress-reports/{fhir_id}"))


READERS: dict[str, Callable[[CallerServices, str], Awaitable[Json | None]]] = {
    "Patient": _patient,
    "ServiceRequest": _service_request,
    "Task": _task,
    "CarePlan": _care_plan,
    "Goal": _goal,
    "CareTeam": _care_team,
    "Observation": _observation,
    "Practitioner": _practitioner,
    "PractitionerRole": _practitioner_role,
    "Appointment": _appointment,
    "Encounter": _encounter,
    "DocumentReference": _document_reference,
}
