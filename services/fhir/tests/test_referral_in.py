"""A referral Bundle read into the referrals service's request, each field remembering its element."""

from typing import Any

import pytest
from fhir.domain.outcome import FhirError
from fhir.domain.referral_in import read_referral_bundle
from fhir.domain.terms import DISCIPLINE, ICD10CM, NPI


def bundle(**changes: Any) -> dict[str, Any]:
    resources = {
        "ServiceRequest": {
            "resourceType": "ServiceRequest",
            "identifier": [{"system": "urn:ehr", "value": "SR-1"}],
            "priority": "urgent",
            "orderDetail": [{"coding": [{"system": DISCIPLINE, "code": "physical_therapy"}]}],
            "occurrenceTiming": {
                "repeat": {
                    "frequency": 2,
                    "period": 1,
                    "periodUnit": "wk",
                    "boundsDuration": {"value": 6, "code": "wk"},
                }
            },
        },
        "Patient": {
            "resourceType": "Patient",
            "name": [{"family": "Reyes", "given": ["Dana", "M"]}],
            "identifier": [{"value": "other"}, {"type": {"coding": [{"code": "MR"}]}, "value": "MRN-1"}],
        },
        "Condition": {
            "resourceType": "Condition",
            "code": {"coding": [{"system": ICD10CM, "code": "M54.50"}]},
        },
        "Practitioner": {
            "resourceType": "Practitioner",
            "identifier": [{"system": NPI, "value": "1234567893"}],
            "name": [{"text": "Dr. Ada Osei"}],
        },
    } | changes
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"resource": r, "request": {"method": "POST"}} for r in resources.values() if r is not None
        ],
    }


def test_a_referral_bundle_becomes_the_native_request() -> None:
    sent = read_referral_bundle(bundle())
    assert sent.body == {
        "placer_identifier": {"system": "urn:ehr", "value": "SR-1"},
        "urgency": "urgent",
        "requested_disciplines": [{"discipline": "physical_therapy", "visits_per_week": 2, "weeks": 6}],
        "patient": {"mrn": "MRN-1", "given_name": "Dana M", "family_name": "Reyes"},
        "referring_physician": {"name": "Dr. Ada Osei", "npi": "1234567893"},
        "diagnosis_codes": ["M54.50"],
    }
    assert sent.entry_types == ["ServiceRequest", "Patient", "Condition", "Practitioner"]


def test_a_native_field_error_names_the_fhir_element() -> None:
    sent = read_referral_bundle(bundle())
    assert (
        sent.expression_for(["body", "diagnosis_codes", 0]) == "Bundle.entry[2].resource.code.coding[0].code"
    )
    assert (
        sent.expression_for(["body", "referring_physician", "npi"])
        == "Bundle.entry[3].resource.identifier[0].value"
    )
    assert sent.expression_for(["body", "patient", "mrn"]) == "Bundle.entry[1].resource.identifier[1].value"
    assert sent.expression_for(["body", "requested_disciplines", 0, "weeks"]).endswith("boundsDuration.value")


@pytest.mark.parametrize(
    ("changes", "expression"),
    [
        (
            {"Practitioner": {"resourceType": "Practitioner", "identifier": []}},
            "Bundle.entry[3].resource.identifier",
        ),
        ({"Condition": None}, "Bundle.entry"),
        (
            {
                "Condition": {
                    "resourceType": "Condition",
                    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "1"}]},
                }
            },
            "Bundle.entry[2].resource.code.coding",
        ),
        ({"Medication": {"resourceType": "Medication"}}, "Bundle.entry[4].resource"),
    ],
)
def test_a_bundle_the_referral_cannot_be_read_from_is_refused_naming_the_element(
    changes: dict[str, Any], expression: str
) -> None:
    with pytest.raises(FhirError) as refused:
        read_referral_bundle(bundle(**changes))
    assert refused.value.status == 400
    assert refused.value.issues[0].expression == expression


def test_only_a_transaction_bundle_is_taken() -> None:
    with pytest.raises(FhirError) as refused:
        read_referral_bundle({**bundle(), "type": "collection"})
    assert refused.value.issues[0].expression == "Bundle.type"


@pytest.mark.parametrize(
    "changes",
    [
        {"Patient": {"resourceType": "Patient", "identifier": ["MRN-1"]}},
        {
            "Practitioner": {
                "resourceType": "Practitioner",
                "identifier": [{"system": NPI, "value": "1"}],
                "name": "Osei",
            }
        },
        {"ServiceRequest": {"resourceType": "ServiceRequest", "identifier": "SR-1"}},
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_400_not_a_crash(changes: dict[str, Any]) -> None:
    with pytest.raises(FhirError) as refused:
        read_referral_bundle(bundle(**changes))
    assert refused.value.status == 400
