"""A referral as a physician's EHR sends it, a FHIR transaction Bundle (ServiceRequest, Patient,
Condition with ICD-10-CM, the requesting Practitioner with NPI, Coverage where there is one), read
into the referrals service's own request body. Each native field remembers the element it came from,
so the service's validation errors name the FHIR element to fix."""

from dataclasses import dataclass, field
from typing import Any

from fhir.domain.outcome import FhirError, Issue
from fhir.domain.terms import DISCIPLINE, ICD10CM, NPI

Json = dict[str, Any]
ACCEPTED = {"ServiceRequest", "Patient", "Condition", "Practitioner", "Coverage"}


@dataclass
class ReferralIn:
    body: Json
    origins: dict[tuple[str | int, ...], str] = field(default_factory=dict)
    entry_types: list[str] = field(default_factory=list)

    def expression_for(self, loc: list[Any]) -> str:
        """The FHIR element a native error location came from (the longest known prefix)."""
        path = tuple(part for part in loc if part != "body")
        for size in range(len(path), 0, -1):
            if path[:size] in self.origins:
                return self.origins[path[:size]]
        return "Bundle"


def read_referral_bundle(bundle: Json) -> ReferralIn:
    try:
        return _read(bundle)
    except (AttributeError, TypeError, KeyError, IndexError):
        # A value of the wrong JSON type somewhere (a string where FHIR has an array or object).
        raise FhirError.one(
            400, "structure", "the Bundle does not follow FHIR R4's JSON structure", "Bundle"
        ) from None


def _read(bundle: Json) -> ReferralIn:
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "transaction":
        raise FhirError.one(400, "invalid", "POST [base] takes a transaction Bundle", "Bundle.type")
    entries = bundle.get("entry")
    if not isinstance(entries, list) or not entries:
        raise FhirError.one(400, "required", "the Bundle has no entries", "Bundle.entry")
    found: dict[str, list[tuple[str, Json]]] = {}
    types = []
    for index, entry in enumerate(entries):
        where = f"Bundle.entry[{index}]"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind not in ACCEPTED:
            raise FhirError.one(
                400,
                "not-supported",
                f"a referral Bundle holds only {', '.join(sorted(ACCEPTED))}",
                f"{where}.resource",
            )
        if (entry.get("request") or {}).get("method") != "POST":
            raise FhirError.one(
                400,
                "invalid",
                "each entry is created: request.method must be POST",
                f"{where}.request.method",
            )
        assert isinstance(resource, dict)
        found.setdefault(kind, []).append((f"{where}.resource", resource))
        types.append(kind)
    for kind in ("ServiceRequest", "Patient", "Practitioner"):
        if len(found.get(kind, [])) != 1:
            raise FhirError.one(400, "invalid", f"a referral Bundle holds exactly one {kind}", "Bundle.entry")
    if not found.get("Condition"):
        raise FhirError.one(400, "required", "a referral Bundle holds at least one Condition", "Bundle.entry")
    if len(found.get("Coverage", [])) > 1:
        raise FhirError.one(400, "invalid", "a referral Bundle holds at most one Coverage", "Bundle.entry")
    referral = ReferralIn(body={}, entry_types=types)
    _service_request(referral, *found["ServiceRequest"][0])
    _patient(referral, *found["Patient"][0])
    _practitioner(referral, *found["Practitioner"][0])
    _conditions(referral, found["Condition"])
    if found.get("Coverage"):
        _coverage(referral, *found["Coverage"][0])
    return referral


def _missing(where: str, what: str) -> FhirError:
    return FhirError(400, [Issue("required", f"{what} is required", where)])


def _service_request(referral: ReferralIn, where: str, resource: Json) -> None:
    identifiers = resource.get("identifier") or []
    placer = identifiers[0] if identifiers and isinstance(identifiers[0], dict) else {}
    if not placer.get("system") or not placer.get("value"):
        raise _missing(
            f"{where}.identifier[0]",
            "the referral's identifier (system and value), which makes a retry safe,",
        )
    referral.body["placer_identifier"] = {"system": placer["system"], "value": placer["value"]}
    referral.origins[("placer_identifier",)] = f"{where}.identifier[0]"
    referral.body["urgency"] = resource.get("priority", "routine")
    referral.origins[("urgency",)] = f"{where}.priority"
    repeat = (resource.get("occurrenceTiming") or {}).get("repeat") or {}
    if (
        repeat.get("periodUnit") != "wk"
        or repeat.get("period") != 1
        or (repeat.get("boundsDuration") or {}).get("code") != "wk"
    ):
        raise FhirError.one(
            400,
            "invalid",
            "the visits are asked for as a frequency a week (period 1, periodUnit wk) for a number of weeks (boundsDuration in wk)",
            f"{where}.occurrenceTiming.repeat",
        )
    disciplines: list[Json] = []
    for index, detail in enumerate(resource.get("orderDetail") or []):
        codes = [c.get("code") for c in detail.get("coding", []) if c.get("system") == DISCIPLINE]
        if not codes:
            raise FhirError.one(
                400,
                "code-invalid",
                f"each orderDetail names a discipline from {DISCIPLINE}",
                f"{where}.orderDetail[{index}]",
            )
        position = len(disciplines)
        disciplines.append(
            {
                "discipline": codes[0],
                "visits_per_week": repeat.get("frequency"),
                "weeks": repeat["boundsDuration"].get("value"),
            }
        )
        referral.origins[("requested_disciplines", position, "discipline")] = f"{where}.orderDetail[{index}]"
        referral.origins[("requested_disciplines", position, "visits_per_week")] = (
            f"{where}.occurrenceTiming.repeat.frequency"
        )
        referral.origins[("requested_disciplines", position, "weeks")] = (
            f"{where}.occurrenceTiming.repeat.boundsDuration.value"
        )
    if not disciplines:
        raise _missing(f"{where}.orderDetail", "at least one discipline")
    referral.body["requested_disciplines"] = disciplines


def _patient(referral: ReferralIn, where: str, resource: Json) -> None:
    identifiers = resource.get("identifier") or []
    chosen = next((i for i, item in enumerate(identifiers) if _is_mrn(item)), 0 if identifiers else None)
    if chosen is None or not identifiers[chosen].get("value"):
        raise _missing(f"{where}.identifier", "the patient's medical record number")
    names = resource.get("name") or [{}]
    name = names[0]
    referral.body["patient"] = {
        "mrn": identifiers[chosen]["value"],
        "given_name": " ".join(name.get("given") or []),
        "family_name": name.get("family", ""),
    }
    referral.origins[("patient", "mrn")] = f"{where}.identifier[{chosen}].value"
    referral.origins[("patient", "given_name")] = f"{where}.name[0].given"
    referral.origins[("patient", "family_name")] = f"{where}.name[0].family"


def _is_mrn(identifier: Json) -> bool:
    return any(c.get("code") == "MR" for c in (identifier.get("type") or {}).get("coding", []))


def _practitioner(referral: ReferralIn, where: str, resource: Json) -> None:
    identifiers = resource.get("identifier") or []
    index = next((i for i, item in enumerate(identifiers) if item.get("system") == NPI), None)
    if index is None:
        raise _missing(f"{where}.identifier", f"the requesting practitioner's NPI ({NPI})")
    names = resource.get("name") or [{}]
    name = (
        names[0].get("text")
        or " ".join(
            [*(names[0].get("prefix") or []), *(names[0].get("given") or []), names[0].get("family", "")]
        ).strip()
    )
    referral.body["referring_physician"] = {"name": name, "npi": identifiers[index].get("value", "")}
    referral.origins[("referring_physician", "npi")] = f"{where}.identifier[{index}].value"
    referral.origins[("referring_physician", "name")] = f"{where}.name[0]"


def _conditions(referral: ReferralIn, conditions: list[tuple[str, Json]]) -> None:
    codes: list[str] = []
    for where, resource in conditions:
        codings = (resource.get("code") or {}).get("coding") or []
        chosen = [(i, c) for i, c in enumerate(codings) if c.get("system") == ICD10CM]
        if not chosen:
            raise _missing(f"{where}.code.coding", f"an ICD-10-CM code ({ICD10CM})")
        for index, item in chosen:
            referral.origins[("diagnosis_codes", len(codes))] = f"{where}.code.coding[{index}].code"
            codes.append(item.get("code", ""))
    referral.body["diagnosis_codes"] = codes


def _coverage(referral: ReferralIn, where: str, resource: Json) -> None:
    period = resource.get("period") or {}
    payors = resource.get("payor") or [{}]
    requested = referral.body["requested_disciplines"]
    referral.body["insurance"] = {
        "payer": payors[0].get("display", ""),
        "member_id": resource.get("subscriberId", ""),
        "valid_from": period.get("start"),
        "valid_to": period.get("end"),
        # FHIR R4's Coverage carries no visit counts: the visits asked for are authorised until
        # the clinic records the payer's own numbers on the care plan.
        "visits_authorized": {
            item["discipline"]: item["visits_per_week"] * item["weeks"]
            for item in requested
            if isinstance(item["visits_per_week"], int) and isinstance(item["weeks"], int)
        },
    }
    referral.origins[("insurance", "payer")] = f"{where}.payor[0].display"
    referral.origins[("insurance", "member_id")] = f"{where}.subscriberId"
    referral.origins[("insurance", "valid_from")] = f"{where}.period.start"
    referral.origins[("insurance", "valid_to")] = f"{where}.period.end"
    referral.origins[("insurance",)] = where
