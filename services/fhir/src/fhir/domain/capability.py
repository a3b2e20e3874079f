"""What the facade supports, in one table: the routes check search parameters against it and
``GET [base]/metadata`` publishes it as the CapabilityStatement, so the two cannot disagree."""

from typing import Any

Json = dict[str, Any]
FHIR_VERSION = "4.0.1"
# Paging and result-size parameters every search takes (not search parameters in FHIR's sense).
CONTROL = {"_count", "_offset"}

SEARCH: dict[str, dict[str, str]] = {
    "Patient": {"_id": "token"},
    "ServiceRequest": {"_id": "token", "patient": "reference", "status": "token", "_lastUpdated": "date"},
    "Task": {"_id": "token", "patient": "reference", "status": "token", "_lastUpdated": "date"},
    "CarePlan": {"_id": "token", "patient": "reference"},
    "Goal": {"_id": "token", "patient": "reference"},
    "CareTeam": {"_id": "token", "patient": "reference"},
    "Observation": {"_id": "token", "patient": "reference", "date": "date"},
    "Practitioner": {"_id": "token"},
    "PractitionerRole": {"_id": "token", "practitioner": "reference"},
    "Appointment": {"_id": "token", "patient": "reference", "status": "token", "date": "date"},
    "Encounter": {"_id": "token", "patient": "reference", "date": "date"},
    "DocumentReference": {"_id": "token", "patient": "reference"},
}
# Read only: the progress letter's PDF (application/pdf, or a Binary resource when FHIR JSON is asked for).
READ_ONLY = ("Binary",)
DOCUMENTATION = {
    "patient": "The patient's id; required to search all but Patient, ServiceRequest, Task and the practitioners",
    "status": "ServiceRequest: active, completed, revoked; "
    "Task: received, accepted, rejected, in-progress, completed, cancelled; "
    "Appointment: booked, arrived, fulfilled, cancelled, noshow",
    "_lastUpdated": "ge, gt, le, lt or eq prefixes; the referral's last status change",
    "date": "The visit's start; ge, gt, le, lt or eq prefixes",
}


def capability_statement(base: str, software_version: str) -> Json:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-01",
        "kind": "instance",
        "software": {"name": "CareCoord FHIR facade", "version": software_version},
        "implementation": {
            "description": "CareCoord: referrals, care plans, visits and progress",
            "url": base,
        },
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "SMART-on-FHIR",
                                }
                            ]
                        }
                    ],
                    "description": "Bearer JWT of the caller (role, clinic); integrators need the "
                    "scope system/*.read. A physician sees the patients they referred; another "
                    "clinic's resource is not found.",
                },
                "resource": [
                    *(_resource(kind, params) for kind, params in SEARCH.items()),
                    *({"type": kind, "interaction": [{"code": "read"}]} for kind in READ_ONLY),
                ],
                "interaction": [
                    {
                        "code": "transaction",
                        "documentation": "A referral: ServiceRequest, Patient, Condition, Practitioner, Coverage",
                    }
                ],
            }
        ],
    }


def _resource(kind: str, params: dict[str, str]) -> Json:
    return {
        "type": kind,
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [
            {
                "name": name,
                "type": kind_of,
                **({"documentation": DOCUMENTATION[name]} if name in DOCUMENTATION else {}),
            }
            for name, kind_of in params.items()
        ],
    }
