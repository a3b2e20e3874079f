"""A referral Bundle in: the same request to the referrals service as its native API takes, so the
same validation; a retry under the same ServiceRequest identifier returns the referral received."""

from typing import Any

from fhir.adapters.services import CallerServices, ServiceRefused
from fhir.domain import referral
from fhir.domain.outcome import FhirError, Issue, operation_outcome
from fhir.domain.referral_in import ReferralIn, read_referral_bundle

Json = dict[str, Any]
KEPT_ON_SERVICE_REQUEST = {
    "Condition": "ServiceRequest.reasonCode",
    "Practitioner": "ServiceRequest.requester",
    "Coverage": "ServiceRequest.insurance",
}


async def receive_referral_bundle(services: CallerServices, bundle: Json) -> Json:
    sent = read_referral_bundle(bundle)
    try:
        reply = await services.call("POST", "referrals", "/referrals", json=sent.body)
    except ServiceRefused as refusal:
        if refusal.status == 422:
            raise FhirError(422, field_issues(sent, refusal.body)) from None
        raise
    return transaction_response(sent, reply.body, created=reply.status == 201)


def field_issues(sent: ReferralIn, body: Any) -> list[Issue]:
    """The referrals service's field errors (an RFC 9457 problem's ``errors``), each at the FHIR
    element its field came from."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list) or not errors:
        return [Issue("invalid", "the referral was refused")]
    return [
        Issue(
            "code-invalid" if "code" in str(error.get("detail", "")).lower() else "invalid",
            str(error.get("detail", "invalid")),
            sent.expression_for(list(error.get("loc") or [])),
        )
        for error in errors
        if isinstance(error, dict)
    ]


def transaction_response(sent: ReferralIn, received: Json, *, created: bool) -> Json:
    status = "201 Created" if created else "200 OK"
    entries = []
    for kind in sent.entry_types:
        if kind == "ServiceRequest":
            entries.append(
                {
                    "resource": referral.service_request(received),
                    "response": {"status": status, "location": f"ServiceRequest/{received['id']}"},
                }
            )
        elif kind == "Patient":
            entries.append({"response": {"status": status, "location": f"Patient/{received['patient_id']}"}})
        else:
            note = f"kept on ServiceRequest/{received['id']} as {KEPT_ON_SERVICE_REQUEST[kind]}"
            entries.append(
                {
                    "response": {
                        "status": "200 OK",
                        "outcome": operation_outcome([Issue("informational", note, severity="information")]),
                    }
                }
            )
    return {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}
