"""Every lifecycle transition produces exactly one event of the right type, keyed by patient,
and an illegal one is refused with the current status and produces nothing."""

from typing import Any

import pytest
from carecoord.auth import Role
from carecoord.events import Topic

from .service import ACCEPTANCE, Service, events_on, referral_body

REFERRAL_TYPES = {
    "received": "carecoord.referral.received.v1",
    "accepted": "carecoord.referral.accepted.v1",
    "declined": "carecoord.referral.declined.v1",
    "activated": "carecoord.referral.activated.v1",
    "closed": "carecoord.referral.closed.v1",
}


async def _post(service: Service, referral: dict[str, Any], action: str, role: Role, subject: str) -> Any:
    json = None if action in {"activate", "complete"} else {"reason_code": "no_capacity"}
    if action == "accept":
        return await service.accept(referral["id"])
    return await service.client.post(
        f"/referrals/{referral['id']}/{action}", json=json, headers=service.as_(role, subject)
    )


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (["accept", "activate", "complete"], ["received", "accepted", "activated", "closed"]),
        (["decline"], ["received", "declined"]),
        (["accept", "cancel"], ["received", "accepted", "closed"]),
    ],
)
async def test_every_transition_produces_exactly_one_event_keyed_by_patient(
    service: Service, kafka_bootstrap: str, steps: list[str], expected: list[str]
) -> None:
    referral = await service.refer(referral_body(mrn=f"MRN-{'-'.join(steps)}"))
    for step in steps:
        role, subject = (Role.ADMIN, "admin-1") if step != "cancel" else (Role.PHYSICIAN, "dr-kim")
        response = await _post(service, referral, step, role, subject)
        assert getattr(response, "status_code", 200) == 200, getattr(response, "text", "")
    await service.all_published()

    events = await events_on(kafka_bootstrap, Topic.REFERRALS, referral["patient_id"])
    referral_events = [e for _, e in events if e.type.startswith("carecoord.referral.")]
    assert [e.type for e in referral_events] == [REFERRAL_TYPES[name] for name in expected]
    assert all(key == referral["patient_id"] for key, _ in events)
    assert all(
        e.data["referral_id"] == referral["id"] and e.data["referring_physician_id"] == "dr-kim"
        for e in referral_events
    )
    plans_created = [e for _, e in events if e.type == "carecoord.careplan.created.v1"]
    assert len(plans_created) == ("accept" in steps)


async def test_the_physician_sees_every_step_on_the_referral(service: Service) -> None:
    referral = await service.refer()
    await service.accept(referral["id"])
    admin = service.as_(Role.ADMIN, "admin-1")
    await service.client.post(f"/referrals/{referral['id']}/activate", headers=admin)
    read = await service.client.get(
        f"/referrals/{referral['id']}", headers=service.as_(Role.PHYSICIAN, "dr-kim")
    )
    body = read.json()
    assert body["status"] == "active"
    assert [(step["from_status"], step["to_status"]) for step in body["history"]] == [
        (None, "received"),
        ("received", "accepted"),
        ("accepted", "active"),
    ]
    closed = await service.client.post(f"/referrals/{referral['id']}/closed-outcome-free", headers=admin)
    assert closed.status_code in {404, 405}


async def test_an_illegal_transition_is_409_with_the_current_status_and_produces_nothing(
    service: Service, kafka_bootstrap: str
) -> None:
    referral = await service.refer(referral_body(mrn="MRN-illegal"))
    admin = service.as_(Role.ADMIN, "admin-1")
    refused = await service.client.post(f"/referrals/{referral['id']}/complete", headers=admin)
    assert refused.status_code == 409
    assert refused.json()["current_status"] == "received"
    await service.client.post(
        f"/referrals/{referral['id']}/decline", json={"reason_code": "outside_scope"}, headers=admin
    )
    again = await service.client.post(
        f"/referrals/{referral['id']}/accept", json={"goals": [], "care_team": []}, headers=admin
    )
    assert again.status_code == 422, "an empty goal list is refused before the lifecycle is consulted"
    await service.all_published()
    types = [e.type for _, e in await events_on(kafka_bootstrap, Topic.REFERRALS, referral["patient_id"])]
    assert types == [REFERRAL_TYPES["received"], REFERRAL_TYPES["declined"]]


async def test_accepting_a_declined_referral_is_409(service: Service) -> None:
    referral = await service.refer()
    admin = service.as_(Role.ADMIN, "admin-1")
    await service.client.post(
        f"/referrals/{referral['id']}/decline", json={"reason_code": "other"}, headers=admin
    )
    refused = await service.client.post(f"/referrals/{referral['id']}/accept", json=ACCEPTANCE, headers=admin)
    assert refused.status_code == 409
    assert refused.json()["current_status"] == "declined"


async def test_only_the_clinic_intake_accepts_and_another_clinic_gets_404(service: Service) -> None:
    referral = await service.refer()
    url = f"/referrals/{referral['id']}/accept"
    physician = service.as_(Role.PHYSICIAN, "dr-kim")
    assert (await service.client.post(url, json=ACCEPTANCE, headers=physician)).status_code == 403
    outsider = {"Authorization": f"Bearer {service.mint_token(Role.ADMIN, 'clinic-b', subject='admin-b')}"}
    assert (await service.client.post(url, json=ACCEPTANCE, headers=outsider)).status_code == 404
