"""Webhooks to a real receiver on loopback: retries, timeouts, 410, exactly once per (event,
subscription), every request signed per Standard Webhooks."""

import uuid
from datetime import UTC, date, datetime

import httpx
from carecoord.auth import Role
from carecoord.events import AppointmentBooked, ReferralReceived
from carecoord_local.testing import MintToken, eventually
from standardwebhooks import Webhook

from .conftest import Publish, ServiceFactory, WebhookReceiver, bearer

RECEIVED = "carecoord.referral.received.v1"


def referral(clinic_id: str, patient_id: str | None = None) -> ReferralReceived:
    return ReferralReceived(
        clinic_id=clinic_id,
        patient_id=patient_id or str(uuid.uuid4()),
        referral_id=str(uuid.uuid4()),
        referring_physician_id="dr-osei",
        referring_physician_npi="1234567893",
        diagnosis_codes=["M54.50"],
        conditions=["low back pain"],
        requested_disciplines=["medical_massage"],
        received_on=date(2030, 1, 2),
    )


async def subscribe(client: httpx.AsyncClient, token: str, url: str, **extra: object) -> dict[str, str]:
    response = await client.post(
        "/subscriptions", json={"url": url, "event_types": [RECEIVED], **extra}, headers=bearer(token)
    )
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


async def deliveries(client: httpx.AsyncClient, token: str, subscription_id: str) -> list[dict[str, object]]:
    response = await client.get(f"/subscriptions/{subscription_id}/deliveries", headers=bearer(token))
    assert response.status_code == 200, response.text
    rows: list[dict[str, object]] = response.json()["items"]
    return rows


async def test_a_failing_then_silent_receiver_gets_the_event_once_it_recovers_with_a_stable_signed_id(
    client: httpx.AsyncClient,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    subscription = await subscribe(client, integrator, receiver.url)
    receiver.script = [500, 503, 3.0]  # two errors, then slower than the 1 s timeout, then 204
    event = await publish(referral(clinic_id))

    async def delivered() -> list[dict[str, object]]:
        rows = await deliveries(client, integrator, subscription["id"])
        return [row for row in rows if row["status"] == "delivered"]

    [delivery] = await eventually(delivered)  # type: ignore[misc]
    assert delivery["attempts"] == 4
    assert [r.answered for r in receiver.received] == [500, 503, None, 204]
    assert {r.headers["webhook-id"] for r in receiver.received} == {event.id}
    for request in receiver.received:
        payload = Webhook(subscription["secret"]).verify(request.body, request.headers)
        assert payload["data"]["referral_id"] == event.data["referral_id"]
    detail = await client.get(
        f"/subscriptions/{subscription['id']}/deliveries/{delivery['id']}", headers=bearer(integrator)
    )
    log = detail.json()["attempt_log"]
    assert [a["status_code"] for a in log] == [500, 503, None, 204]
    assert "Timeout" in log[2]["error"]
    assert all(a["latency_ms"] > 0 for a in log)


async def test_410_disables_the_subscription_with_a_notice_and_resume_brings_it_back(
    client: httpx.AsyncClient,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator_id = f"integrator-{uuid.uuid4().hex[:6]}"
    integrator = mint_token(Role.INTEGRATOR, clinic_id, subject=integrator_id, scopes="system/*.read")
    subscription = await subscribe(client, integrator, receiver.url)
    receiver.script = [410]
    await publish(referral(clinic_id))

    async def disabled() -> dict[str, object] | None:
        body = (await client.get(f"/subscriptions/{subscription['id']}", headers=bearer(integrator))).json()
        return body if body["status"] == "disabled" else None

    state = await eventually(disabled)
    assert "410" in str(state["disabled_reason"])  # type: ignore[index]
    assert [d["status"] for d in await deliveries(client, integrator, subscription["id"])] == ["dead"]
    inbox = (await client.get("/inbox", headers=bearer(integrator))).json()["items"]
    assert [item["category"] for item in inbox] == ["webhook_disabled"]

    resumed = await client.post(f"/subscriptions/{subscription['id']}/resume", headers=bearer(integrator))
    assert resumed.json()["status"] == "active" and resumed.json()["disabled_reason"] is None
    later = await publish(referral(clinic_id))

    async def delivered_after_resume() -> bool:
        return any(r.headers["webhook-id"] == later.id and r.answered == 204 for r in receiver.received)

    await eventually(delivered_after_resume)
    assert len(receiver.received) == 2


async def test_a_redelivered_event_produces_no_second_delivery(
    client: httpx.AsyncClient,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    subscription = await subscribe(client, integrator, receiver.url)
    patient_id = str(uuid.uuid4())
    event = referral(clinic_id, patient_id)
    first = await publish(event)
    await publish(event, envelope=first)  # the same CloudEvent id again, as after a producer retry
    marker = await publish(referral(clinic_id, patient_id))  # same key: consumed after both copies

    async def marker_delivered() -> bool:
        return any(r.headers["webhook-id"] == marker.id for r in receiver.received)

    await eventually(marker_delivered)
    assert [r.headers["webhook-id"] for r in receiver.received].count(first.id) == 1
    assert len(await deliveries(client, integrator, subscription["id"])) == 2


async def test_filters_pick_patient_and_discipline(
    client: httpx.AsyncClient,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    patient_id = str(uuid.uuid4())
    await subscribe(
        client,
        integrator,
        receiver.url,
        event_types=["carecoord.appointment.booked.v1"],
        patient_id=patient_id,
        disciplines=["chiropractic"],
    )
    starts = datetime(2030, 5, 6, 9, tzinfo=UTC)

    def booked(patient: str, discipline: str) -> AppointmentBooked:
        return AppointmentBooked(
            clinic_id=clinic_id,
            patient_id=patient,
            appointment_id=str(uuid.uuid4()),
            care_plan_id=None,
            provider_id="dc-1",
            discipline=discipline,  # type: ignore[arg-type]
            starts_at=starts,
            ends_at=starts,
        )

    await publish(booked(str(uuid.uuid4()), "chiropractic"))  # another patient
    await publish(booked(patient_id, "medical_massage"))  # another discipline
    wanted = await publish(booked(patient_id, "chiropractic"))

    async def arrived() -> bool:
        return bool(receiver.received)

    await eventually(arrived)
    assert [r.headers["webhook-id"] for r in receiver.received] == [wanted.id]


async def test_a_send_in_flight_at_shutdown_is_finished_and_recorded_not_sent_again(
    service: ServiceFactory,
    receiver: WebhookReceiver,
    publish: Publish,
    mint_token: MintToken,
    clinic_id: str,
) -> None:
    integrator = mint_token(Role.INTEGRATOR, clinic_id, scopes="system/*.read")
    receiver.script = [2.0]  # answers 204 after 2 s, within the 5 s timeout
    async with service(webhook_timeout_seconds=5.0) as client:
        subscription = await subscribe(client, integrator, receiver.url)
        await publish(referral(clinic_id))

        async def on_the_wire() -> bool:
            return len(receiver.received) == 1

        await eventually(on_the_wire)
    # The service stopped while the receiver was still answering.
    async with service(webhook_timeout_seconds=5.0) as client:
        [delivery] = await deliveries(client, integrator, subscription["id"])
        assert (delivery["status"], delivery["attempts"]) == ("delivered", 1)
    assert len(receiver.received) == 1
