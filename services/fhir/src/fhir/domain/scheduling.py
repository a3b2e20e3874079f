"""The scheduling service's JSON as FHIR: the clinic's providers (Practitioner, PractitionerRole),
visits (Appointment, with the visit series and spot work's host visit), and visits held (Encounter)."""

from typing import Any

from fhir.domain.terms import CARECOORD, DISCIPLINE, concept, instant, reference

Json = dict[str, Any]
VISIT_SERIES = f"{CARECOORD}/sid/visit-series"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
APPOINTMENT_STATUS = {
    "booked": "booked",
    "checked_in": "arrived",
    "completed": "fulfilled",
    "cancelled": "cancelled",
    "no_show": "noshow",
}
# A visit becomes an encounter once the patient is there.
ENCOUNTER_STATUS = {"checked_in": "arrived", "completed": "finished"}
AMBULATORY = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "code": "AMB",
    "display": "ambulatory",
}


def practitioner(provider: Json) -> Json:
    return {
        "resourceType": "Practitioner",
        "id": provider["id"],
        "active": True,
        "name": [{"text": provider["display_name"]}],
    }


def practitioner_role(provider: Json) -> Json:
    role: Json = {
        "resourceType": "PractitionerRole",
        "id": provider["id"],
        "active": True,
        "practitioner": {"reference": f"Practitioner/{provider['id']}", "display": provider["display_name"]},
        "code": [concept(DISCIPLINE, provider["discipline"])],
    }
    if provider["working_hours"]:
        role["availableTime"] = [
            {
                "daysOfWeek": [WEEKDAYS[period["weekday"]]],
                "availableStartTime": _time(period["start"]),
                "availableEndTime": _time(period["end"]),
            }
            for period in provider["working_hours"]
        ]
    return role


def appointment(visit: Json) -> Json:
    resource: Json = {
        "resourceType": "Appointment",
        "id": visit["id"],
        "status": APPOINTMENT_STATUS[visit["status"]],
        "serviceType": [concept(DISCIPLINE, visit["discipline"])],
        "start": instant(visit["starts_at"]),
        "end": instant(visit["ends_at"]),
        "supportingInformation": [{"reference": f"CarePlan/{visit['care_plan_id']}"}],
        "participant": [
            {"actor": reference("Patient", visit["patient_id"]), "status": "accepted"},
            {"actor": reference("Practitioner", visit["provider_id"]), "status": "accepted"},
        ],
    }
    if visit.get("series_id"):
        resource["identifier"] = [{"system": VISIT_SERIES, "value": visit["series_id"]}]
    if visit.get("host_appointment_id"):  # spot work inside a PT or chiropractic visit
        resource["supportingInformation"].append({"reference": f"Appointment/{visit['host_appointment_id']}"})
    if visit.get("cancel_reason"):
        resource["cancelationReason"] = {"text": visit["cancel_reason"]}
    return resource


def encounter(visit: Json) -> Json | None:
    if visit["status"] not in ENCOUNTER_STATUS:
        return None
    return {
        "resourceType": "Encounter",
        "id": visit["id"],
        "status": ENCOUNTER_STATUS[visit["status"]],
        "class": AMBULATORY,
        "serviceType": concept(DISCIPLINE, visit["discipline"]),
        "subject": reference("Patient", visit["patient_id"]),
        "participant": [{"individual": reference("Practitioner", visit["provider_id"])}],
        "appointment": [{"reference": f"Appointment/{visit['id']}"}],
        "period": {"start": instant(visit["starts_at"]), "end": instant(visit["ends_at"])},
    }


def _time(value: str) -> str:
    return value if value.count(":") == 2 else f"{value}:00"
