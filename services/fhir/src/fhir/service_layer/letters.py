"""The progress letter of one progress report: the report (notes), the referral it answers
(referrals), the signed notes behind it (notes), each fetched with the caller's token."""

from typing import Any

from fhir.adapters import letter_pdf
from fhir.adapters.services import CallerServices
from fhir.domain.documents import document_reference
from fhir.domain.letter import TITLES, letter

Json = dict[str, Any]


async def progress_letter_pdf(services: CallerServices, report_id: str) -> bytes:
    report = await services.get("notes", f"/progress-reports/{report_id}")
    plan = await services.get("referrals", f"/care-plans/{report['care_plan_id']}")
    referral = await services.get("referrals", f"/referrals/{plan['referral_id']}")
    notes = await services.get("notes", f"/patients/{report['patient_id']}/notes", {"limit": "100"})
    signed = [note for note in notes["items"] if note["care_plan_id"] == report["care_plan_id"]]
    return letter_pdf.render(letter(report, referral, signed))


def progress_document(report: Json) -> Json:
    return document_reference(report, TITLES.get(report["milestone"], "Progress report"))
