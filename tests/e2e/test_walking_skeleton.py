"""A referral POSTed to referrals reaches scheduling, notes and notifications through Kafka, an
integrator's endpoint receives a webhook signed per the Standard Webhooks spec, and the whole path
is one trace at an OpenTelemetry collector."""

import uuid

import httpx
from carecoord.auth import Role
from carecoord_local.testing import MintToken, eventually
from standardwebhooks import Webhook

from .conftest import Collector, System, WebhookReceiver

REFERRAL = {
    "patient": {"mrn": "MRN-0001", "given_name": "Dana", "family_name": "Reyes"},
    "referring_physician": {"name": "Dr. Ada Osei", "npi": "1234567893"},
    "diagnosis_codes": ["M54.50"],
    "conditions": ["low back pain"],
    "requested_disciplines": [
        {"discipline": "medical_massage", "visits_per_week": 2, "weeks": 6},
        {"discipline": "chiropractic", "visits_per_week": 1, "weeks": 6},
    ],
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_referral_flows_to_every_service_and_to_a_signed_webhook(
    system: System, webhook_receiver: WebhookReceiver, mint_token: MintToken, clinic_id: str
) -> None:
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/referrals.read")
    async with httpx.AsyncClient(timeout=10) as http:
        subscription = await http.post(
            f"{system.urls['notifications']}/subscriptions",
            json={"url": webhook_receiver.url, "event_types": ["carecoord.referral.received.v1"]},
            headers=bearer(integrator),
        )
        assert subscription.status_code == 201, subscription.text
        secret = subscription.json()["secret"]

        created = await http.post(
            f"{system.urls['referrals']}/referrals", json=REFERRAL, headers=bearer(physician)
        )
        assert created.status_code == 201, created.text
        referral = created.json()
        patient_id = referral["patient_id"]

        for service in ("scheduling", "notes"):
            url = f"{system.urls[service]}/patients/{patient_id}/care-team"

            async def projected(url: str = url) -> bool:
                response = await http.get(url, headers=bearer(physician))
                return response.status_code == 200 and response.json()["referring_physician_ids"] == [
                    "dr-osei"
                ]

            await eventually(projected)

        await eventually(lambda: _delivered(http, system, subscription.json()["id"], integrator))

    assert len(webhook_receiver.received) == 1
    webhook = webhook_receiver.received[0]
    payload = Webhook(secret).verify(webhook.body, webhook.headers)
    assert payload["type"] == "carecoord.referral.received.v1"
    assert payload["data"]["referral_id"] == referral["id"]
    assert "Reyes" not in webhook.body.decode(), "webhooks carry ids, not demographics"


async def _delivered(http: httpx.AsyncClient, system: System, subscription_id: str, token: str) -> bool:
    response = await http.get(
        f"{system.urls['notifications']}/subscriptions/{subscription_id}/deliveries", headers=bearer(token)
    )
    return response.status_code == 200 and [d["status"] for d in response.json()["items"]] == ["delivered"]


async def test_another_clinic_cannot_learn_that_a_patient_exists(
    system: System, mint_token: MintToken, clinic_id: str
) -> None:
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    outsider = mint_token(Role.ADMIN, "another-clinic")
    async with httpx.AsyncClient(timeout=10) as http:
        created = await http.post(
            f"{system.urls['referrals']}/referrals", json=REFERRAL, headers=bearer(physician)
        )
        patient_id = created.json()["patient_id"]
        url = f"{system.urls['scheduling']}/patients/{patient_id}/care-team"

        async def projected() -> bool:
            return (await http.get(url, headers=bearer(physician))).status_code == 200

        await eventually(projected)
        assert (await http.get(url, headers=bearer(outsider))).status_code == 404
        referral_url = f"{system.urls['referrals']}/referrals/{created.json()['id']}"
        assert (await http.get(referral_url, headers=bearer(outsider))).status_code == 404
        assert (await http.get(referral_url)).status_code == 401


async def test_every_service_documents_its_api_and_exposes_health_and_metrics(system: System) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        for name, url in system.urls.items():
            assert (await http.get(f"{url}/openapi.json")).json()["info"]["title"] == f"CareCoord {name}"
            assert (await http.get(f"{url}/healthz")).status_code == 200
            assert (await http.get(f"{url}/readyz")).json()["ready"] is True
            assert "carecoord_http_request_seconds" in (await http.get(f"{url}/metrics")).text


async def test_one_trace_reaches_the_collector_from_the_request_and_every_consumer(
    system: System, collector: Collector, mint_token: MintToken, clinic_id: str
) -> None:
    trace_id = uuid.uuid4().hex
    caller = {"traceparent": f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"}  # e.g. the physician's EHR
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    async with httpx.AsyncClient(timeout=10) as http:
        created = await http.post(
            f"{system.urls['referrals']}/referrals", json=REFERRAL, headers={**bearer(physician), **caller}
        )
        assert created.status_code == 201, created.text

    async def every_service_exported() -> dict[str, set[str]] | None:
        by_service: dict[str, set[str]] = {}
        for span in collector.spans:
            if span.trace_id == trace_id:
                by_service.setdefault(span.service, set()).add(span.name)
        return by_service if set(by_service) == set(system.urls) else None

    exported = await eventually(every_service_exported, within=20)
    assert isinstance(exported, dict)
    assert "POST /referrals" in exported["referrals"]
    for consumer in ("scheduling", "notes", "notifications"):
        assert "consume carecoord.referral.received.v1" in exported[consumer], exported[consumer]
