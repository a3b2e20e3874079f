"""Integrators manage their subscriptions: pause and resume, rotate the secret with an overlap,
send a test event, replay from a point in time; bad input is a 422 naming the field."""

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from carecoord.auth import Role
from carecoord_local.testing import MintToken, eventually
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from .conftest import Publish, ServiceFactory, WebhookReceiver, bearer
from .test_webhook_delivery import RECEIVED, deliveries, referral, subscribe


async def test_a_paused_subscription_holds_its_deliveries_until_resumed(
    client: httpx.AsyncClient,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    subscription = await subscribe(client, integrator, receiver.url)
    paused = await client.post(f"/subscriptions/{subscription['id']}/pause", headers=bearer(integrator))
    assert paused.json()["status"] == "paused"
    await publish(referral(clinic_id))

    async def recorded() -> bool:
        return len(await deliveries(client, integrator, subscription["id"])) == 1

    await eventually(recorded)
    assert receiver.received == []
    await client.post(f"/subscriptions/{subscription['id']}/resume", headers=bearer(integrator))

    async def sent() -> bool:
        return len(receiver.received) == 1

    await eventually(sent)


async def test_after_a_rotation_both_secrets_verify_until_the_overlap_ends(
    client: httpx.AsyncClient, receiver: WebhookReceiver, mint_token: MintToken, clinic_id: str
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    subscription = await subscribe(client, integrator, receiver.url)
    rotated = await client.post(
        f"/subscriptions/{subscription['id']}/rotate-secret", headers=bearer(integrator)
    )
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["secret"]
    assert new_secret != subscription["secret"]
    test = await client.post(f"/subscriptions/{subscription['id']}/test", headers=bearer(integrator))
    assert test.status_code == 202, test.text

    async def arrived() -> bool:
        return len(receiver.received) == 1

    await eventually(arrived)
    [request] = receiver.received
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    for secret in (subscription["secret"], new_secret):
        payload = Webhook(secret).verify(request.body, request.headers)
        assert payload["type"] == "carecoord.webhook.test.v1"
    with pytest.raises(WebhookVerificationError):
        Webhook(rotated.json()["secret"][:-4] + "AAA=").verify(request.body, request.headers)


async def test_replay_resends_the_deliveries_made_since_a_point_in_time(
    client: httpx.AsyncClient,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    subscription = await subscribe(client, integrator, receiver.url)
    patient_id = str(uuid.uuid4())
    first = await publish(referral(clinic_id, patient_id))

    async def count(n: int) -> bool:
        rows = await deliveries(client, integrator, subscription["id"])
        return len(rows) == n and all(row["status"] == "delivered" for row in rows)

    await eventually(lambda: count(1))
    cut = datetime.now(UTC)
    second = await publish(referral(clinic_id, patient_id))
    await eventually(lambda: count(2))
    replayed = await client.post(
        f"/subscriptions/{subscription['id']}/replay",
        json={"since": cut.isoformat()},
        headers=bearer(integrator),
    )
    assert replayed.json() == {"replayed": 1}

    async def resent() -> bool:
        return len(receiver.received) == 3

    await eventually(resent)
    assert [r.headers["webhook-id"] for r in receiver.received] == [first.id, second.id, second.id]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"url": "http://hooks.example.com/x", "event_types": [RECEIVED]}, ["body", "url"]),
        ({"url": "https://10.1.2.3/x", "event_types": [RECEIVED]}, ["body", "url"]),
        (
            {"url": "https://hooks.example.com/x", "event_types": ["carecoord.nope.v1"]},
            ["body", "event_types", 0],
        ),
        ({"url": "https://hooks.example.com/x", "event_types": []}, ["body", "event_types"]),
        (
            {"url": "https://hooks.example.com/x", "event_types": [RECEIVED], "disciplines": ["reiki"]},
            ["body", "disciplines", 0],
        ),
        (
            {"url": "https://hooks.example.com/x", "event_types": [RECEIVED], "patient_id": "a b"},
            ["body", "patient_id"],
        ),
        (
            {"url": "https://hooks.example.com/x", "event_types": [RECEIVED], "clinic_id": "someone-else"},
            ["body", "clinic_id"],
        ),
        (
            {"url": "https://hooks.example.com/x", "event_types": [RECEIVED], "status": "active"},
            ["body", "status"],
        ),
    ],
)
async def test_bad_subscriptions_are_refused_with_the_field(
    service: ServiceFactory, mint_token: MintToken, clinic_id: str, body: dict[str, Any], path: list[object]
) -> None:
    async with service(webhook_allow_insecure_targets=False) as strict:
        response = await strict.post(
            "/subscriptions",
            json=body,
            headers=bearer(mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")),
        )
    assert response.status_code == 422, response.text
    assert path in [error["loc"] for error in response.json()["errors"]]


async def test_only_integrators_and_admins_manage_subscriptions_and_only_their_clinics(
    client: httpx.AsyncClient, receiver: WebhookReceiver, mint_token: MintToken, clinic_id: str
) -> None:
    subscription = await subscribe(client, mint_token(Role.ADMIN, clinic_id), receiver.url)
    physician = bearer(mint_token(Role.PHYSICIAN, clinic_id))
    assert (await client.get("/subscriptions", headers=physician)).status_code == 403
    outsider = bearer(mint_token(Role.INTEGRATOR, "another-clinic", scopes="system/*.read"))
    for action in ("pause", "resume", "rotate-secret", "test"):
        assert (
            await client.post(f"/subscriptions/{subscription['id']}/{action}", headers=outsider)
        ).status_code == 404
    assert (
        await client.get(f"/subscriptions/{subscription['id']}/deliveries", headers=outsider)
    ).status_code == 404


async def test_an_integrator_subscribes_only_to_events_its_scopes_let_it_read(
    client: httpx.AsyncClient, mint_token: MintToken, clinic_id: str
) -> None:
    appointments_only = bearer(mint_token(Role.INTEGRATOR, clinic_id, scopes="system/appointments.read"))
    wanted = [RECEIVED, "carecoord.appointment.booked.v1", "carecoord.progress.recorded.v1"]
    refused = await client.post(
        "/subscriptions",
        json={"url": "https://ehr.example/hook", "event_types": wanted},
        headers=appointments_only,
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "carecoord.progress.recorded.v1 needs scope system/notes.read; "
        "carecoord.referral.received.v1 needs scope system/referrals.read"
    )
    for event_types, headers in (
        (["carecoord.appointment.booked.v1"], appointments_only),
        (["carecoord.notification.failed.v1"], bearer(mint_token(Role.INTEGRATOR, clinic_id))),
        (wanted, bearer(mint_token(Role.ADMIN, clinic_id, subject="admin-1"))),
    ):
        body = {"url": "https://ehr.example/hook", "event_types": event_types}
        assert (await client.post("/subscriptions", json=body, headers=headers)).status_code == 201
