"""Intake vocabularies and cross-field rules (422 naming the field), and listing referrals with
filters, visibility and pagination."""

from datetime import timedelta
from typing import Any

import pytest
from carecoord.auth import Role

from .service import TODAY, Service, referral_body


def _with(change: dict[str, Any]) -> dict[str, Any]:
    return {**referral_body(), **change}


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (_with({"conditions": ["spa day"]}), ["body", "conditions", 0]),
        (_with({"body_regions": [{"region": "elbowish"}]}), ["body", "body_regions", 0, "region"]),
        (_with({"body_regions": [{"region": "shoulder"}]}), ["body", "body_regions", 0]),
        (_with({"body_regions": [{"region": "lumbar", "laterality": "left"}]}), ["body", "body_regions", 0]),
        (_with({"precautions": ["be gentle"]}), ["body", "precautions", 0]),
        (_with({"requested_disciplines": []}), ["body", "requested_disciplines"]),
        (
            _with({"insurance": {**referral_body()["insurance"], "visits_authorized": {"chiropractic": 4}}}),
            ["body", "insurance", "visits_authorized", "chiropractic"],
        ),
        (
            _with({"insurance": {**referral_body()["insurance"], "valid_to": "2000-01-01"}}),
            ["body", "insurance", "valid_to"],
        ),
    ],
)
async def test_unknown_terms_and_broken_rules_are_422_naming_the_field(
    service: Service, body: dict[str, Any], loc: list[Any]
) -> None:
    response = await service.client.post(
        "/referrals", json=body, headers=service.as_(Role.PHYSICIAN, "dr-kim")
    )
    assert response.status_code == 422, response.text
    assert loc in [error["loc"] for error in response.json()["errors"]]


async def test_intake_keeps_regions_with_laterality_precautions_and_insurance(service: Service) -> None:
    body = _with(
        {
            "body_regions": [
                {"region": "shoulder", "laterality": "left"},
                {"region": "tmj", "laterality": "bilateral"},
            ]
        }
    )
    created = await service.refer(body)
    assert created["body_regions"] == ["left_shoulder", "bilateral_tmj"]
    assert created["precautions"] == ["no_deep_pressure"]
    assert created["insurance"]["visits_authorized"] == {"medical_massage": 12}
    assert created["history"][0]["to_status"] == "received"


async def test_a_physician_lists_their_referrals_filtered_and_paginated(service: Service) -> None:
    ids = [(await service.refer(referral_body(mrn=f"MRN-{n}")))["id"] for n in range(5)]
    await service.accept(ids[0])
    physician = service.as_(Role.PHYSICIAN, "dr-kim")
    first = (await service.client.get("/referrals?limit=2", headers=physician)).json()
    pages = [first]
    while pages[-1]["next_cursor"] is not None:
        params = {"limit": 2, "cursor": pages[-1]["next_cursor"]}
        pages.append((await service.client.get("/referrals", params=params, headers=physician)).json())
    listed = [item["id"] for page in pages for item in page["items"]]
    assert sorted(listed) == sorted(ids) and len(set(listed)) == len(listed), "each once"
    assert [len(page["items"]) for page in pages] == [2, 2, 1]
    bogus = await service.client.get("/referrals", params={"cursor": "not-ours"}, headers=physician)
    assert bogus.status_code == 422 and bogus.json()["errors"][0]["loc"] == ["query", "cursor"]
    accepted = (await service.client.get("/referrals?status=accepted", headers=physician)).json()
    assert [item["id"] for item in accepted["items"]] == [ids[0]]
    today = TODAY.isoformat()
    by_date = (
        await service.client.get(f"/referrals?received_from={today}&received_to={today}", headers=physician)
    ).json()
    assert len(by_date["items"]) == 5
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert (await service.client.get(f"/referrals?received_from={tomorrow}", headers=physician)).json()[
        "items"
    ] == []


async def test_listing_shows_only_what_the_caller_may_see(service: Service) -> None:
    mine = await service.refer(referral_body(mrn="MRN-mine"))
    await service.accept(mine["id"])
    other_physician = service.as_(Role.PHYSICIAN, "dr-other")
    assert (await service.client.get("/referrals", headers=other_physician)).json()["items"] == []
    therapist = service.as_(Role.MASSAGE_THERAPIST, "mt-ana")  # on the care team
    assert [i["id"] for i in (await service.client.get("/referrals", headers=therapist)).json()["items"]] == [
        mine["id"]
    ]
    other_clinic = {"Authorization": f"Bearer {service.mint_token(Role.ADMIN, 'clinic-b')}"}
    assert (await service.client.get("/referrals", headers=other_clinic)).json()["items"] == []
    assert (await service.client.get("/referrals?status=bogus", headers=therapist)).status_code == 422
