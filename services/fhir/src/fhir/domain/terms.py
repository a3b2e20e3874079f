"""The code systems and identifier systems the facade writes, and references between resources.

Standard systems where one exists (LOINC, ICD-10-CM, the NPI, HL7's own code systems); what has no
standard code is in CareCoord's code systems under ``CARECOORD``, listed in docs/fhir.md."""

import re
from typing import Any

LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
NPI = "http://hl7.org/fhir/sid/us-npi"
UCUM = "http://unitsofmeasure.org"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"

CARECOORD = "https://carecoord.dev/fhir"
DISCIPLINE = f"{CARECOORD}/CodeSystem/discipline"
MEASURE = f"{CARECOORD}/CodeSystem/measure"
REFERRAL_STATUS_REASON = f"{CARECOORD}/CodeSystem/referral-status-reason"
MRN = f"{CARECOORD}/sid/mrn"
SUBJECT = f"{CARECOORD}/sid/subject"

_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def is_fhir_id(value: str) -> bool:
    return bool(_FHIR_ID.match(value))


def reference(resource_type: str, native_id: str) -> dict[str, Any]:
    """A literal reference when the native id is a valid FHIR id; else the person by identifier
    (a sign-in subject such as an e-mail address is not a FHIR id)."""
    if is_fhir_id(native_id):
        return {"reference": f"{resource_type}/{native_id}"}
    return {"type": resource_type, "identifier": {"system": SUBJECT, "value": native_id}}


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    return {"system": system, "code": code, **({"display": display} if display else {})}


def concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    return {"coding": [coding(system, code, display)], "text": display or code.replace("_", " ")}


def instant(value: str) -> str:
    """An API timestamp as a FHIR instant (``Z`` for UTC, as the services write ``+00:00``)."""
    return value.replace("+00:00", "Z")
