"""The referrals API in-process with its real database and broker."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from carecoord.auth import Role
from carecoord_local.testing import MintToken, NewDatabase, running_app, service_environment
from referrals.bootstrap import build_app
from referrals.config import ReferralsSettings

REFERRAL = {
    "patient": {"mrn": "MRN-7", "given_name": "Sam", "family_name": "Lee"},
    "referring_physician": {"name": "Dr. Kim", "npi": "1234567893"},
    "diagnosis_codes": ["m54.50"],
    "conditions": ["low back pain"],
    "requested_disciplines": [{"discipline": "medical_massage", "visits_per_week": 2, "weeks": 6}],
}


@pytest.fixture
async def client(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[httpx.AsyncClient]:
    settings = ReferralsSettings(**service_environment(await new_database(), kafka_bootstrap, dev_keys))  # type: ignore[arg-type]
    async with running_app(build_app(settings)) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_physician_refers_a_patient_and_reads_the_referral_back(
    client: httpx.AsyncClient, mint_token: MintToken
) -> None:
    physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a", subject="dr-kim"))
    created = await client.post("/referrals", json=REFERRAL, headers=physician)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "received"
    assert body["diagnosis_codes"] == ["M54.50"]
    assert body["referring_physician_id"] == "dr-kim"
    read = await client.get(f"/referrals/{body['id']}", headers=physician)
    assert read.status_code == 200
    assert read.json() == {**body, "patient": REFERRAL["patient"]}


async def test_a_second_referral_for_the_same_mrn_matches_the_existing_patient(
    client: httpx.AsyncClient, mint_token: MintToken
) -> None:
    physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
    first = (await client.post("/referrals", json=REFERRAL, headers=physician)).json()
    second = (await client.post("/referrals", json=REFERRAL, headers=physician)).json()
    assert first["patient_id"] == second["patient_id"]
    assert first["id"] != second["id"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            {"referring_physician": {"name": "Dr. Kim", "npi": "1234567890"}},
            ["body", "referring_physician", "npi"],
        ),
        ({"diagnosis_codes": ["back pain"]}, ["body", "diagnosis_codes", 0]),
        (
            {"requested_disciplines": [{"discipline": "reiki", "visits_per_week": 2, "weeks": 6}]},
            ["body", "requested_disciplines", 0, "discipline"],
        ),
        (
            {"requested_disciplines": [{"discipline": "chiropractic", "visits_per_week": 9, "weeks": 6}]},
            ["body", "requested_disciplines", 0, "visits_per_week"],
        ),
        ({"status": "accepted"}, ["body", "status"]),
    ],
)
async def test_invalid_referrals_are_refused_with_the_field_path(
    client: httpx.AsyncClient, mint_token: MintToken, change: dict[str, object], path: list[object]
) -> None:
    response = await client.post(
        "/referrals", json={**REFERRAL, **change}, headers=bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
    )
    assert response.status_code == 422
    assert path in [error["loc"] for error in response.json()["detail"]]
    assert "Sam" not in response.text, "validation errors do not echo submitted values"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("M54.5", "M54.5 is not billable; use one of its billable codes: M54.50, M54.51, M54.59"),
        ("M54.52", "M54.52 is not an ICD-10-CM code"),
    ],
)
async def test_diagnosis_codes_must_be_billable_codes_of_the_current_release(
    client: httpx.AsyncClient, mint_token: MintToken, code: str, message: str
) -> None:
    physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
    mrn = f"MRN-{code}"
    body = {**REFERRAL, "patient": {**REFERRAL["patient"], "mrn": mrn}, "diagnosis_codes": ["M54.50", code]}  # type: ignore[dict-item]
    response = await client.post("/referrals", json=body, headers=physician)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [(e["loc"], e["msg"]) for e in errors] == [
        (["body", "diagnosis_codes", 1], f"Value error, {message}")
    ]
    post_covid = await client.post(
        "/referrals", json={**body, "diagnosis_codes": ["U09.9"]}, headers=physician
    )
    assert post_covid.status_code == 201, "U codes are part of ICD-10-CM"


async def test_a_series_longer_than_the_authorization_is_accepted_with_a_renewal_warning(
    client: httpx.AsyncClient, mint_token: MintToken
) -> None:
    physician = bearer(mint_token(Role.PHYSICIAN, "clinic-a"))
    insurance = {
        "payer": "Acme Health",
        "member_id": "A-1",
        "valid_from": "2026-01-05",
        "valid_to": "2026-02-15",  # 42 days: six weeks
        "visits_authorized": {"medical_massage": 12},
    }
    eight_weeks = [{"discipline": "medical_massage", "visits_per_week": 2, "weeks": 8}]
    body = {**REFERRAL, "requested_disciplines": eight_weeks, "insurance": insurance}
    created = await client.post("/referrals", json=body, headers=physician)
    assert created.status_code == 201, created.text
    [warning] = created.json()["warnings"]
    assert (warning["field"], warning["code"]) == (
        "requested_disciplines.0.weeks",
        "authorization_renewal_needed",
    )
    assert "8 weeks of medical_massage requested; the authorization covers 42 days" in warning["message"]
    read = await client.get(f"/referrals/{created.json()['id']}", headers=physician)
    assert read.json()["warnings"] == created.json()["warnings"]


async def test_requests_without_a_valid_token_are_unauthenticated(client: httpx.AsyncClient) -> None:
    assert (await client.post("/referrals", json=REFERRAL)).status_code == 401
    assert (await client.post("/referrals", json=REFERRAL, headers=bearer("not-a-jwt"))).status_code == 401


async def test_only_physicians_create_referrals(client: httpx.AsyncClient, mint_token: MintToken) -> None:
    response = await client.post(
        "/referrals", json=REFERRAL, headers=bearer(mint_token(Role.MASSAGE_THERAPIST, "clinic-a"))
    )
    assert response.status_code == 403


async def test_another_physician_of_the_clinic_cannot_read_the_referral(
    client: httpx.AsyncClient, mint_token: MintToken
) -> None:
    created = (
        await client.post("/referrals", json=REFERRAL, headers=bearer(mint_token(Role.PHYSICIAN, "clinic-a")))
    ).json()
    other = bearer(mint_token(Role.PHYSICIAN, "clinic-a", subject="dr-other"))
    assert (await client.get(f"/referrals/{created['id']}", headers=other)).status_code == 403
    admin = bearer(mint_token(Role.ADMIN, "clinic-a"))
    assert (await client.get(f"/referrals/{created['id']}", headers=admin)).status_code == 200


async def test_readiness_reports_database_and_broker(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.json() == {"ready": True, "checks": {"database": True, "broker": True}}
