"""A webhook signing secret is shown once, in the answer that creates it (or rotates it), and
then never again: not by any read of the API, not in the service's log, not in any event."""

import uuid

import httpx
from carecoord.auth import Role
from carecoord.events import Topic
from carecoord_local.testing import MintToken, eventually

from .conftest import System, read_topics
from .world import UNREACHABLE_HOOK


async def test_a_webhook_secret_appears_only_in_the_answer_that_made_it(
    system: System, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    clinic = f"clinic-secrets-{uuid.uuid4().hex[:8]}"
    url = system.urls["notifications"]
    integrator = {
        "Authorization": f"Bearer {mint_token(Role.INTEGRATOR, clinic, subject='integrator-1', scopes='system/*.read')}"
    }
    admin = {"Authorization": f"Bearer {mint_token(Role.ADMIN, clinic, subject='admin-1')}"}
    async with httpx.AsyncClient(timeout=30) as http:
        body = {
            "url": UNREACHABLE_HOOK,
            "event_types": ["carecoord.referral.received.v1"],
            "patient_id": "p-1",
        }
        created = (await http.post(f"{url}/subscriptions", json=body, headers=integrator)).json()
        subscription = f"{url}/subscriptions/{created['id']}"
        rotated = (await http.post(f"{subscription}/rotate-secret", headers=integrator)).json()
        secrets = [created["secret"], rotated["secret"]]
        delivery = (await http.post(f"{subscription}/test", headers=integrator)).json()

        async def given_up() -> bool:  # every attempt failed: the worker logged and published it all
            response = await http.get(f"{subscription}/deliveries/{delivery['id']}", headers=integrator)
            return bool(response.json()["status"] == "dead")

        await eventually(given_up, within=60)
        reads = [
            await http.get(f"{url}/subscriptions", headers=integrator),
            await http.get(subscription, headers=admin),
            await http.get(f"{subscription}/deliveries", headers=integrator),
            await http.get(f"{subscription}/deliveries/{delivery['id']}", headers=integrator),
            await http.get(f"{url}/audit", headers=admin),
        ]
    assert all(response.status_code == 200 for response in reads)
    published = [
        m.value or b"" for m in await read_topics(kafka_bootstrap, [Topic.NOTIFICATIONS, Topic.AUDIT])
    ]
    log = system.logs["notifications"].read_bytes()
    assert b"notifications started" in log, "the log is where the test looks"
    for secret in secrets:
        key = secret.removeprefix("whsec_")
        assert not [r.request.url for r in reads if key in r.text], "a read shows the secret"
        assert key.encode() not in log, "the log holds the secret"
        assert not [value for value in published if key.encode() in value], "an event carries the secret"


async def test_a_webhook_url_holding_credentials_is_refused_without_echoing_them(
    system: System, mint_token: MintToken
) -> None:
    integrator = {
        "Authorization": f"Bearer {mint_token(Role.INTEGRATOR, 'clinic-s', subject='i-1', scopes='system/*.read')}"
    }
    body = {"url": "https://hooks:hunter2@example.org/in", "event_types": ["carecoord.referral.received.v1"]}
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"{system.urls['notifications']}/subscriptions", json=body, headers=integrator
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "url"]
    assert "hunter2" not in response.text
