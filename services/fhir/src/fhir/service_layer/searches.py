"""Search one resource type. Referrals page natively (the referrals service's cursor, followed to
the FHIR page's ``_offset``);
what hangs off one patient (plans, goals, teams, Observations) is one patient's bounded list,
filtered and paged here."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fhir.adapters.services import CallerServices
from fhir.domain import care_plan, observations, referral, scheduling
from fhir.domain.outcome import FhirError
from fhir.domain.search import Page, date_bounds
from fhir.domain.terms import is_fhir_id
from fhir.service_layer.letters import progress_document
from fhir.service_layer.reads import read_resource, referral_json

Json = dict[str, Any]
Params = list[tuple[str, str]]
Found = tuple[list[Json], bool]
NATIVE_PAGE = 100  # the most a service answers in one page (``max_page_size``)
# Scheduling lists ten years of visits from ``since``: five years back covers any care episode.
VISITS_SINCE = timedelta(days=5 * 365)


async def search_resources(services: CallerServices, kind: str, params: Params, page: Page) -> Found:
    given = dict(params)
    if "_id" in given:
        return await _by_id(services, kind, params, given["_id"])
    return await SEARCHES[kind](services, params, page)


async def _by_id(services: CallerServices, kind: str, params: Params, fhir_id: str) -> Found:
    """``_id`` with any other parameter: the one resource, if it matches them all."""
    try:
        resource = await read_resource(services, kind, fhir_id)
    except FhirError as error:
        if error.status == 404:
            return [], False
        raise
    return ([resource] if matches(resource, params) else []), False


def matches(resource: Json, params: Params) -> bool:
    for name, value in params:
        if name in ("patient", "practitioner") and not _mentions(
            resource, f"{name.title()}/{value.split('/')[-1]}"
        ):
            return False
        if name == "status" and resource.get("status") != value:
            return False
    for name in ("date", "_lastUpdated"):
        bounds = date_bounds(params, name)
        moment = _moment(resource, name)
        if bounds and (moment is None or not all(bound.holds(moment) for bound in bounds)):
            return False
    return True


def _mentions(value: Any, reference: str) -> bool:
    if isinstance(value, dict):
        return value.get("reference") == reference or any(
            _mentions(item, reference) for item in value.values()
        )
    if isinstance(value, list):
        return any(_mentions(item, reference) for item in value)
    return False


def _moment(resource: Json, name: str) -> datetime | None:
    if name == "_lastUpdated":
        text = (resource.get("meta") or {}).get("lastUpdated")
    else:
        text = (
            resource.get("effectiveDateTime")
            or resource.get("start")
            or (resource.get("period") or {}).get("start")
        )
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def patient_of(params: Params, kind: str) -> str:
    given = dict(params)
    value = given.get("patient")
    if not value:
        raise FhirError.one(
            400, "required", f"searching {kind} needs the patient parameter (or _id)", "patient"
        )
    patient_id = value.removeprefix("Patient/")
    if not is_fhir_id(patient_id):
        raise FhirError.one(400, "invalid", "patient is a Patient id or Patient/<id>", "patient")
    return patient_id


async def _referrals(
    services: CallerServices, params: Params, page: Page, *, status: str | None = None
) -> tuple[list[Json], bool]:
    """The FHIR page at ``_offset``, read by following the referrals service's cursor from the
    first of its pages (newest first) to the last one the FHIR page needs."""
    given = dict(params)
    query = {"limit": str(NATIVE_PAGE)}
    if given.get("patient"):
        query["patient_id"] = given["patient"].removeprefix("Patient/")
    if status:
        query["status"] = status
    items: list[Json] = []
    while True:
        found = await services.get("referrals", "/referrals", query)
        items += found["items"]
        cursor = found["next_cursor"]
        if cursor is None or len(items) > page.offset + page.count:
            break
        query = {**query, "cursor": cursor}
    more = cursor is not None or len(items) > page.offset + page.count
    window = items[page.offset : page.offset + page.count]
    full = [await referral_json(services, item["id"]) for item in window]
    bounds = date_bounds(params, "_lastUpdated")
    kept = [
        r
        for r in full
        if all(
            b.holds(datetime.fromisoformat(referral.last_updated(r).replace("Z", "+00:00"))) for b in bounds
        )
    ]
    return kept, more


async def _service_requests(services: CallerServices, params: Params, page: Page) -> Found:
    """``status`` is one of several referral statuses (active: received, accepted or active), so it
    filters the page, like ``_lastUpdated``."""
    wanted = dict(params).get("status")
    statuses = set(referral.SERVICE_REQUEST_STATUS.values())
    if wanted is not None and wanted not in statuses:
        raise FhirError.one(400, "code-invalid", "status is one of " + ", ".join(sorted(statuses)), "status")
    found, more = await _referrals(services, params, page)
    requests = [referral.service_request(r) for r in found]
    return [r for r in requests if wanted in (None, r["status"])], more


async def _tasks(services: CallerServices, params: Params, page: Page) -> Found:
    wanted = dict(params).get("status")
    if wanted is not None and wanted not in referral.REFERRAL_STATUS_FOR_TASK:
        raise FhirError.one(
            400, "code-invalid", "status is one of " + ", ".join(referral.REFERRAL_STATUS_FOR_TASK), "status"
        )
    native = referral.REFERRAL_STATUS_FOR_TASK[wanted] if wanted else None
    found, more = await _referrals(services, params, page, status=native)
    return [referral.task(r) for r in found], more


async def _patients(services: CallerServices, params: Params, page: Page) -> Found:
    found, more = await _referrals(services, params, page)
    patients: dict[str, Json] = {}
    for item in found:
        patients.setdefault(item["patient_id"], referral.patient(item["patient_id"], item))
    return list(patients.values()), more


async def _plans_of(services: CallerServices, params: Params, kind: str) -> list[Json]:
    patient_id = patient_of(params, kind)
    found = await services.get("referrals", "/referrals", {"patient_id": patient_id, "limit": "100"})
    ids = [item["care_plan_id"] for item in found["items"] if item["care_plan_id"]]
    return [await services.get("referrals", f"/care-plans/{plan_id}") for plan_id in ids]


def _paged(resources: list[Json], page: Page) -> Found:
    return resources[page.offset : page.offset + page.count], len(resources) > page.offset + page.count


async def _care_plans(services: CallerServices, params: Params, page: Page) -> Found:
    return _paged([care_plan.care_plan(p) for p in await _plans_of(services, params, "CarePlan")], page)


async def _care_teams(services: CallerServices, params: Params, page: Page) -> Found:
    return _paged([care_plan.care_team(p) for p in await _plans_of(services, params, "CareTeam")], page)


async def _goals(services: CallerServices, params: Params, page: Page) -> Found:
    plans = await _plans_of(services, params, "Goal")
    return _paged([care_plan.goal(p, g) for p in plans for g in p["goals"]], page)


async def _observations(services: CallerServices, params: Params, page: Page) -> Found:
    patient_id = patient_of(params, "Observation")
    timeline = await services.get("notes", f"/patients/{patient_id}/progress")
    bounds = date_bounds(params, "date")
    found = [
        observation
        for entry in timeline
        if all(b.holds(datetime.fromisoformat(entry["visit_starts_at"])) for b in bounds)
        for observation in observations.observations(patient_id, entry)
    ]
    return _paged(found, page)


async def _practitioners(services: CallerServices, params: Params, page: Page) -> Found:
    providers = await services.get("scheduling", "/providers")
    return _paged([scheduling.practitioner(p) for p in providers if is_fhir_id(p["id"])], page)


async def _practitioner_roles(services: CallerServices, params: Params, page: Page) -> Found:
    providers = await services.get("scheduling", "/providers")
    wanted = dict(params).get("practitioner", "").removeprefix("Practitioner/")
    return _paged(
        [
            scheduling.practitioner_role(p)
            for p in providers
            if is_fhir_id(p["id"]) and wanted in ("", p["id"])
        ],
        page,
    )


async def _visits(services: CallerServices, params: Params, kind: str) -> list[Json]:
    """Every visit of the patient, past and upcoming (one patient's series: bounded), in time order."""
    patient_id = patient_of(params, kind)
    query = {"since": (datetime.now(UTC) - VISITS_SINCE).isoformat(), "limit": "100"}
    visits: list[Json] = []
    while True:
        found = await services.get("scheduling", f"/patients/{patient_id}/appointments", query)
        visits += found["items"]
        if not found["next_cursor"]:
            break
        query = {**query, "cursor": found["next_cursor"]}
    bounds = date_bounds(params, "date")
    return [v for v in visits if all(b.holds(datetime.fromisoformat(v["starts_at"])) for b in bounds)]


async def _appointments(services: CallerServices, params: Params, page: Page) -> Found:
    wanted = dict(params).get("status")
    if wanted is not None and wanted not in scheduling.APPOINTMENT_STATUS.values():
        raise FhirError.one(
            400,
            "code-invalid",
            "status is one of " + ", ".join(scheduling.APPOINTMENT_STATUS.values()),
            "status",
        )
    found = [scheduling.appointment(v) for v in await _visits(services, params, "Appointment")]
    return _paged([a for a in found if wanted in (None, a["status"])], page)


async def _encounters(services: CallerServices, params: Params, page: Page) -> Found:
    found = [scheduling.encounter(v) for v in await _visits(services, params, "Encounter")]
    return _paged([e for e in found if e is not None], page)


async def _document_references(services: CallerServices, params: Params, page: Page) -> Found:
    patient_id = patient_of(params, "DocumentReference")
    reports = await services.get("notes", f"/patients/{patient_id}/progress-reports")
    return _paged([progress_document(report) for report in reports], page)


SEARCHES: dict[str, Callable[[CallerServices, Params, Page], Awaitable[Found]]] = {
    "Patient": _patients,
    "ServiceRequest": _service_requests,
    "Task": _tasks,
    "CarePlan": _care_plans,
    "Goal": _goals,
    "CareTeam": _care_teams,
    "Observation": _observations,
    "Practitioner": _practitioners,
    "PractitionerRole": _practitioner_roles,
    "Appointment": _appointments,
    "Encounter": _encounters,
    "DocumentReference": _document_references,
}
