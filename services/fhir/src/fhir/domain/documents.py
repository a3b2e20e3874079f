"""The progress letter as a DocumentReference; the PDF itself is the Binary it points at."""

import base64
from typing import Any

from fhir.domain.terms import LOINC, coding, instant, reference

Json = dict[str, Any]
PDF = "application/pdf"
# LOINC document types: a discharge summary, else a progress note.
DOCUMENT_TYPE = {
    "discharge_summary": coding(LOINC, "18842-5", "Discharge summary"),
}
PROGRESS_NOTE = coding(LOINC, "11506-3", "Progress note")


def document_reference(report: Json, title: str, size: int | None = None) -> Json:
    attachment: Json = {
        "contentType": PDF,
        "url": f"Binary/{report['id']}",
        "title": title,
        "creation": instant(report["created_at"]),
    }
    if size is not None:
        attachment["size"] = size
    return {
        "resourceType": "DocumentReference",
        "id": report["id"],
        "status": "current",
        "type": {"coding": [DOCUMENT_TYPE.get(report["milestone"], PROGRESS_NOTE)], "text": title},
        "subject": reference("Patient", report["patient_id"]),
        "date": instant(report["created_at"]),
        "description": f"{title} after {report['visits_completed']} visits",
        "content": [{"attachment": attachment}],
        "context": {"related": [{"reference": f"CarePlan/{report['care_plan_id']}"}]},
    }


def binary(report_id: str, pdf: bytes) -> Json:
    return {
        "resourceType": "Binary",
        "id": report_id,
        "contentType": PDF,
        "data": base64.b64encode(pdf).decode(),
    }
