"""Routing to people: the referring physician and the care team get inbox items (and email where
an address is registered), built from referrals' and scheduling's events on the real broker."""

import asyncio
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
from carecoord.auth import Role
from carecoord.events import (
    AppointmentBooked,
    CarePlanCreated,
    CareTeamMember,
    DisciplinePlan,
    ReferralAccepted,
)
from carecoord_local.ports import free_port
from carecoord_local.testing import MintToken, eventually, serving
from notifications.bootstrap import build_app

from .conftest import Publish, SmtpSink, bearer
from .test_webhook_delivery import referral


def care_plan(clinic_id: str, patient_id: str, referral_id: str, members: list[str]) -> CarePlanCreated:
    return CarePlanCreated(
        clinic_id=clinic_id,
        patient_id=patient_id,
        care_plan_id=f"cp-{patient_id}",
        referral_id=referral_id,
        referring_physician_id="dr-osei",
        version=1,
        conditions=["low back pain"],
        goals=[],
        disciplines=[
            DisciplinePlan(
                discipline="medical_massage",  # type: ignore[arg-type]
                visits_per_week=2,
                weeks=6,
                window_start=date(2030, 1, 1),
                window_end=date(2030, 2, 15),
                techniques=["deep tissue", "stretching"],
                precautions=[],
                spot_work_allowed=True,
                provider_id=members[0],
            )
        ],
        care_team=[CareTeamMember(provider_id=m, discipline=None) for m in members],
        authorization=None,
    )


async def inbox_of(client: httpx.AsyncClient, token: str) -> list[dict[str, object]]:
    response = await client.get("/inbox", headers=bearer(token))
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_the_physician_and_the_care_team_hear_about_their_patient(
    client: httpx.AsyncClient, publish: Publish, mint_token: MintToken, smtp: SmtpSink, clinic_id: str
) -> None:
    physician = mint_token(Role.PHYSICIAN, clinic_id, subject="dr-osei")
    therapist = mint_token(Role.MASSAGE_THERAPIST, clinic_id, subject="lmt-1")
    admin = mint_token(Role.ADMIN, clinic_id)
    registered = await client.put(
        "/recipients/dr-osei",
        json={"email": "osei@clinic.example", "display_name": "Dr. Osei"},
        headers=bearer(admin),
    )
    assert registered.status_code == 200, registered.text
    patient_id = str(uuid.uuid4())
    received = referral(clinic_id, patient_id)
    await publish(received)
    await publish(care_plan(clinic_id, patient_id, received.referral_id, ["lmt-1", "pt-1"]))
    await publish(
        ReferralAccepted(
            clinic_id=clinic_id,
            patient_id=patient_id,
            referral_id=received.referral_id,
            referring_physician_id="dr-osei",
            care_plan_id=f"cp-{patient_id}",
        )
    )

    async def physician_items() -> list[dict[str, object]]:
        items = await inbox_of(client, physician)
        return items if len(items) == 2 else []

    items = await eventually(physician_items)
    assert [item["title"] for item in items] == ["Referral accepted", "Referral received"]  # type: ignore[union-attr]
    [assignment] = await inbox_of(client, therapist)
    assert assignment["category"] == "assignment" and assignment["patient_id"] == patient_id

    assert (await client.get("/inbox/unread-count", headers=bearer(physician))).json() == {"unread": 2}
    first_id = items[0]["id"]  # type: ignore[index]
    marked = await client.post("/inbox/read", json={"item_ids": [first_id]}, headers=bearer(physician))
    assert marked.json() == {"marked": 1}
    assert (
        await client.post("/inbox/read", json={"item_ids": [first_id]}, headers=bearer(therapist))
    ).json() == {"marked": 0}
    assert (await client.get("/inbox/unread-count", headers=bearer(physician))).json() == {"unread": 1}
    outsider = mint_token(Role.PHYSICIAN, "another-clinic", subject="dr-osei")
    assert await inbox_of(client, outsider) == []

    async def two_emails() -> bool:
        return len(smtp.to("osei@clinic.example")) == 2

    await eventually(two_emails)
    message = smtp.to("osei@clinic.example")[0]
    assert message["Subject"].strip().startswith("CareCoord: Referral")
    kinds = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    assert "Dr. Osei" in message.get_payload()[0].get_payload(decode=True).decode()


async def test_contact_points_are_managed_by_the_admin_or_the_person_themself(
    client: httpx.AsyncClient, mint_token: MintToken, clinic_id: str
) -> None:
    me = bearer(mint_token(Role.PHYSICAL_THERAPIST, clinic_id, subject="pt-7"))
    assert (
        await client.put("/recipients/pt-7", json={"email": "pt7@clinic.example"}, headers=me)
    ).status_code == 200
    assert (
        await client.put("/recipients/pt-8", json={"email": "x@clinic.example"}, headers=me)
    ).status_code == 403
    invalid = await client.put("/recipients/pt-7", json={"email": "not-an-address"}, headers=me)
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["loc"] == ["body", "email"]
    assert (await client.get("/recipients/pt-7", headers=me)).json()["email"] == "pt7@clinic.example"


async def test_new_inbox_items_stream_as_server_sent_events(
    settings_for: object, database_url: str, publish: Publish, mint_token: MintToken, clinic_id: str
) -> None:
    port = free_port()
    app = build_app(settings_for(database_url))  # type: ignore[operator]
    token = mint_token(Role.MASSAGE_THERAPIST, clinic_id, subject="lmt-1")
    patient_id = str(uuid.uuid4())
    starts = datetime.now(UTC) + timedelta(days=3)
    async with serving(app, port), httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        async with http.stream("GET", "/inbox/stream", headers=bearer(token)) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            await publish(care_plan(clinic_id, patient_id, "r-1", ["lmt-1"]))  # an assignment first
            await publish(
                AppointmentBooked(
                    clinic_id=clinic_id,
                    patient_id=patient_id,
                    appointment_id="appt-1",
                    care_plan_id=None,
                    provider_id="lmt-1",
                    discipline="medical_massage",  # type: ignore[arg-type]
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                )
            )
            lines = stream.aiter_lines()
            first = await asyncio.wait_for(_next_data(lines), timeout=30)
            second = await asyncio.wait_for(_next_data(lines), timeout=30)
    # Two topics, so no order between the assignment and the booking.
    assert {first["category"], second["category"]} == {"assignment", "schedule"}
    assert first["patient_id"] == second["patient_id"] == patient_id


async def _next_data(lines: object) -> dict[str, object]:
    async for line in lines:  # type: ignore[attr-defined]
        if line.startswith("data: "):
            data: dict[str, object] = json.loads(line.removeprefix("data: "))
            return data
    raise AssertionError("stream ended")
