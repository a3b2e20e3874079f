"""A referral as a physician's EHR sends it: a FHIR R4 transaction Bundle."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

DISCIPLINE = "https://carecoord.dev/fhir/CodeSystem/discipline"


def start_on() -> date:
    return datetime.now(UTC).date() + timedelta(days=1)


def referral_bundle(identifier: str, *, icd10: str = "M54.50", mrn: str = "MRN-F1") -> dict[str, Any]:
    def ref(kind: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + identifier)}"

    def post(resource: dict[str, Any], kind: str) -> dict[str, Any]:
        return {"fullUrl": ref(kind), "resource": resource, "request": {"method": "POST", "url": kind}}

    patient = {
        "resourceType": "Patient",
        "identifier": [
            {
                "type": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]
                },
                "system": "urn:oid:2.16.840.1.113883.19.5",
                "value": mrn,
            }
        ],
        "name": [{"family": "Reyes", "given": ["Dana"]}],
    }
    practitioner = {
        "resourceType": "Practitioner",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}],
        "name": [{"family": "Osei", "given": ["Ada"], "prefix": ["Dr."]}],
    }
    condition = {
        "resourceType": "Condition",
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": icd10}]},
        "subject": {"reference": ref("Patient")},
    }
    service_request = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": "urn:oid:2.16.840.1.113883.19.5.1", "value": identifier}],
        "status": "active",
        "intent": "order",
        "priority": "routine",
        "subject": {"reference": ref("Patient")},
        "requester": {"reference": ref("Practitioner")},
        "reasonReference": [{"reference": ref("Condition")}],
        "orderDetail": [{"coding": [{"system": DISCIPLINE, "code": "medical_massage"}]}],
        "occurrenceTiming": {
            "repeat": {
                "frequency": 2,
                "period": 1,
                "periodUnit": "wk",
                "boundsDuration": {
                    "value": 6,
                    "unit": "wk",
                    "system": "http://unitsofmeasure.org",
                    "code": "wk",
                },
            }
        },
    }
    coverage = {
        "resourceType": "Coverage",
        "status": "active",
        "subscriberId": "M-1",
        "beneficiary": {"reference": ref("Patient")},
        "period": {"start": str(start_on()), "end": str(start_on() + timedelta(days=60))},
        "payor": [{"display": "Acme Health"}],
    }
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            post(service_request, "ServiceRequest"),
            post(patient, "Patient"),
            post(condition, "Condition"),
            post(practitioner, "Practitioner"),
            post(coverage, "Coverage"),
        ],
    }
