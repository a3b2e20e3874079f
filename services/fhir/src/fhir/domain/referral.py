"""A referral (the referrals service's JSON) as FHIR: the ServiceRequest the physician sent, the Task
that carries its closed-loop status, and the Patient it is for."""

from typing import Any

from fhir.domain.terms import (
    DISCIPLINE,
    ICD10CM,
    IDENTIFIER_TYPE,
    MRN,
    NPI,
    REFERRAL_STATUS_REASON,
    coding,
    concept,
    instant,
    reference,
)

Json = dict[str, Any]

# The referral's lifecycle as BSeR / 360X read it: the request stays active while the clinic works
# on it; the Task says where the clinic is.
SERVICE_REQUEST_STATUS = {
    "received": "active",
    "accepted": "active",
    "active": "active",
    "completed": "completed",
    "declined": "revoked",
    "cancelled": "revoked",
}
TASK_STATUS = {
    "received": "received",
    "accepted": "accepted",
    "declined": "rejected",
    "active": "in-progress",
    "completed": "completed",
    "cancelled": "cancelled",
}
REFERRAL_STATUS_FOR_TASK = {task: native for native, task in TASK_STATUS.items()}
URGENCY_PRIORITY = {"routine": "routine", "urgent": "urgent", "asap": "asap", "stat": "stat"}


def last_updated(referral: Json) -> str:
    history = referral.get("history") or []
    return instant(history[-1]["at"] if history else referral["received_at"])


def service_request(referral: Json) -> Json:
    resource: Json = {
        "resourceType": "ServiceRequest",
        "id": referral["id"],
        "meta": {"lastUpdated": last_updated(referral)},
        "status": SERVICE_REQUEST_STATUS[referral["status"]],
        "intent": "order",
        "priority": URGENCY_PRIORITY.get(referral["urgency"], "routine"),
        "code": {"text": "Referral for coordinated chiropractic, physical therapy and medical massage care"},
        "orderDetail": [_requested(item) for item in referral["requested_disciplines"]],
        "subject": reference("Patient", referral["patient_id"]),
        "authoredOn": instant(referral["received_at"]),
        "requester": requester(referral),
        "reasonCode": [
            {"coding": [coding(ICD10CM, code)], "text": code} for code in referral["diagnosis_codes"]
        ],
    }
    if referral.get("placer_identifier"):
        placer = referral["placer_identifier"]
        resource["identifier"] = [
            {
                "type": {"coding": [coding(IDENTIFIER_TYPE, "PLAC", "Placer Identifier")]},
                "system": placer["system"],
                "value": placer["value"],
            }
        ]
    if referral.get("insurance"):
        resource["contained"] = [_coverage(referral)]
        resource["insurance"] = [{"reference": "#coverage"}]
    notes = [
        *referral["conditions"],
        *([referral["other_conditions"]] if referral.get("other_conditions") else []),
    ]
    notes += [f"precaution: {precaution}" for precaution in referral["precautions"]]
    if notes:
        resource["note"] = [{"text": "; ".join(notes)}]
    if referral["body_regions"]:
        resource["bodySite"] = [{"text": region.replace("_", " ")} for region in referral["body_regions"]]
    return resource


def task(referral: Json) -> Json:
    """The referral's closed-loop status: received, accepted or rejected (with the reason), in
    progress, completed, cancelled."""
    resource: Json = {
        "resourceType": "Task",
        "id": referral["id"],
        "meta": {"lastUpdated": last_updated(referral)},
        "status": TASK_STATUS[referral["status"]],
        "intent": "order",
        "code": concept("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", "Fulfill the focal request"),
        "focus": {"reference": f"ServiceRequest/{referral['id']}"},
        "for": reference("Patient", referral["patient_id"]),
        "authoredOn": instant(referral["received_at"]),
        "lastModified": last_updated(referral),
        "requester": requester(referral),
    }
    reason = (referral.get("history") or [{}])[-1].get("reason_code")
    if reason and referral["status"] in ("declined", "cancelled"):
        resource["statusReason"] = concept(REFERRAL_STATUS_REASON, reason)
    return resource


def patient(patient_id: str, referral: Json) -> Json:
    details = referral["patient"]
    return {
        "resourceType": "Patient",
        "id": patient_id,
        "identifier": [
            {
                "type": {"coding": [coding(IDENTIFIER_TYPE, "MR", "Medical record number")]},
                "system": MRN,
                "value": details["mrn"],
            }
        ],
        "name": [{"family": details["family_name"], "given": [details["given_name"]]}],
    }


def requester(referral: Json) -> Json:
    """The referring physician, by NPI: their own system knows them by it, CareCoord has no
    Practitioner record of them."""
    found: Json = {
        "type": "Practitioner",
        "identifier": {"system": NPI, "value": referral["referring_physician_npi"]},
    }
    if referral["referring_physician_name"]:
        found["display"] = referral["referring_physician_name"]
    return found


def _coverage(referral: Json) -> Json:
    insurance = referral["insurance"]
    coverage: Json = {
        "resourceType": "Coverage",
        "id": "coverage",
        "status": "active",
        "subscriberId": insurance["member_id"],
        "beneficiary": reference("Patient", referral["patient_id"]),
        "period": {"start": insurance["valid_from"], "end": insurance["valid_to"]},
        "payor": [{"display": insurance["payer"]}],
    }
    if insurance.get("authorization_number"):
        coverage["identifier"] = [
            {"type": {"text": "prior authorization"}, "value": insurance["authorization_number"]}
        ]
    return coverage


def _requested(item: Json) -> Json:
    return {
        "coding": [coding(DISCIPLINE, item["discipline"])],
        "text": f"{item['discipline'].replace('_', ' ')}: {item['visits_per_week']} visits a week "
        f"for {item['weeks']} weeks",
    }
