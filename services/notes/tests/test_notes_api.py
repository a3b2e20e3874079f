"""The notes service in-process with its real database and broker: drafts from scheduling's
events, editing, signing, immutability, addenda and access."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from carecoord.auth import Role
from carecoord.events import AppointmentCancelled, AppointmentCheckedIn
from carecoord_local.testing import MintToken, NewDatabase, eventually

from .support import (
    CHIROPRACTOR,
    MASSAGE_THERAPIST,
    PHYSICIAN,
    bearer,
    care_plan,
    completed,
    new_patient,
    notes_service,
    publish,
    published_by_notes,
    types_of,
)

CONTENT: dict[str, Any] = {
    "subjective": {
        "pain": [{"body_region": "low_back", "before": 5, "after": 3}],
        "symptoms": ["stiffness on waking"],
        "response_since_last_visit": {"overall": "better", "soreness": "mild", "soreness_hours": 24},
    },
    "objective": {
        "range_of_motion": [{"joint": "cervical", "motion": "rotation", "side": "left", "degrees": 60}],
        "palpation": [{"body_region": "lumbar_paraspinals", "tenderness_grade": 2, "spasm": True}],
        "trigger_points": [{"muscle": "quadratus_lumborum", "side": "right"}],
        "tissue": [{"body_region": "lumbar_paraspinals", "quality": "hypertonic"}],
        "outcome_measures": {"oswestry_items": [2, 2, 1, 2, 2, 1, 2, None, 2, 2]},
    },
    "treatment": {
        "techniques": [
            {"technique": "myofascial_release", "minutes": 12, "body_areas": ["low_back"]},
            {"technique": "trigger_point", "minutes": 8},
            {"technique": "stretching", "minutes": 5},
        ],
        "pressure": "moderate",
        "tolerance": "good",
        "areas_treated": ["low_back", "hips"],
    },
    "assessment": {"summary": "Lumbar tone reduced; rotation improving.", "response_to_treatment": "better"},
    "plan": {"next_visit_focus": "QL and glutes", "home_care": ["heat 15 min"], "follow_up": "Twice weekly"},
}


@pytest.fixture
async def client(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[httpx.AsyncClient]:
    async with notes_service(
        await new_database(), kafka_bootstrap, dev_keys, progress_report_every_visits=0
    ) as client:
        yield client


async def open_draft(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken, patient_id: str, provider: str
) -> dict[str, Any]:
    appointment = completed(patient_id, provider)
    await publish(kafka_bootstrap, care_plan(patient_id), appointment)
    headers = bearer(mint_token, provider)

    async def draft() -> dict[str, Any] | None:
        response = await client.get(f"/appointments/{appointment.appointment_id}/note", headers=headers)
        return response.json() if response.status_code == 200 else None

    found = await eventually(draft)
    assert isinstance(found, dict)
    return found


async def test_a_completed_appointment_opens_one_draft_for_its_provider(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    patient = new_patient()
    note = await open_draft(client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST)
    assert (note["status"], note["author_id"], note["discipline"]) == (
        "draft",
        MASSAGE_THERAPIST,
        "medical_massage",
    )
    assert note["care_plan_id"] == f"cp-{patient}"
    # A check-in and a redelivered completion for the same visit still leave one note.
    checked_in = AppointmentCheckedIn(**completed(patient, MASSAGE_THERAPIST).model_dump())
    same = checked_in.model_copy(update={"appointment_id": note["appointment_id"]})
    await publish(kafka_bootstrap, same)
    listed = await client.get(f"/patients/{patient}/notes", headers=bearer(mint_token, MASSAGE_THERAPIST))
    assert [n["id"] for n in listed.json()["items"]] == [note["id"]] and listed.json()["next_cursor"] is None


async def test_signing_emits_one_progress_event_and_freezes_the_note(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken, new_database: NewDatabase
) -> None:
    patient = new_patient()
    note = await open_draft(client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST)
    author = bearer(mint_token, MASSAGE_THERAPIST)
    updated = await client.put(f"/notes/{note['id']}", json={"content": CONTENT}, headers=author)
    assert updated.status_code == 200, updated.text
    assert updated.json()["billing"] == {
        "timed_minutes": {"97140": 25},
        "timed_units": {"97140": 2},
        "untimed_codes": [],
        "billable_units": 2,
    }
    assert updated.json()["outcome_scores"]["oswestry"] == {"percent": 35.6, "interpretation": "moderate"}
    stale = await client.post(f"/notes/{note['id']}/signature", headers={**author, "If-Match": '"1"'})
    assert stale.status_code == 412

    signed = await client.post(f"/notes/{note['id']}/signature", headers=author)
    assert signed.status_code == 200, signed.text
    assert (signed.json()["status"], signed.json()["signed_by"]) == ("signed", MASSAGE_THERAPIST)

    assert (await client.put(f"/notes/{note['id']}", json={"content": {}}, headers=author)).status_code == 409
    assert (await client.post(f"/notes/{note['id']}/signature", headers=author)).status_code == 409

    async def progress_published() -> list[tuple[str, dict[str, Any]]] | None:
        events = await published_by_notes(kafka_bootstrap, patient)
        return events if "carecoord.progress.recorded.v1" in types_of(events) else None

    events = await eventually(progress_published)
    assert isinstance(events, list)
    assert sorted(types_of(events, note["id"])) == [
        "carecoord.note.signed.v1",
        "carecoord.progress.recorded.v1",
    ]
    progress = next(data for kind, data in events if kind == "carecoord.progress.recorded.v1")
    assert (progress["pain_before"], progress["pain_after"]) == (5, 3)
    assert progress["goals"] == [
        {"goal_id": "g-pain", "metric": "pain_nrs", "value": 5.0, "change_from_baseline": -2.0,
         "change_from_previous": None, "status": "improving"},
        {"goal_id": "g-rotation", "metric": "cervical_rotation_deg", "value": 60.0, "change_from_baseline": 15.0,
         "change_from_previous": None, "status": "improving"},
    ]  # fmt: skip
    signed_event = next(data for kind, data in events if kind == "carecoord.note.signed.v1")
    assert signed_event["billable_units"] == 2


async def test_the_database_refuses_to_change_a_signed_note(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    patient = new_patient()
    note = await open_draft(client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST)
    author = bearer(mint_token, MASSAGE_THERAPIST)
    treated = {"content": {"treatment": {"techniques": [{"technique": "swedish_massage", "minutes": 20}]}}}
    assert (await client.put(f"/notes/{note['id']}", json=treated, headers=author)).status_code == 200
    assert (await client.post(f"/notes/{note['id']}/signature", headers=author)).status_code == 200
    engine = client._transport.app.state.runtime.engine  # type: ignore[attr-defined]
    with pytest.raises(sa.exc.DBAPIError, match="immutable"):
        async with engine.begin() as connection:
            await connection.execute(
                sa.text("UPDATE notes SET content = '{}' WHERE id = :id"), {"id": note["id"]}
            )


async def test_addenda_keep_history_with_author_and_time(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    patient = new_patient()
    note = await open_draft(client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST)
    author = bearer(mint_token, MASSAGE_THERAPIST)
    early = await client.post(f"/notes/{note['id']}/addenda", json={"text": "too early"}, headers=author)
    assert early.status_code == 409, "a draft is edited, not amended"
    await client.put(f"/notes/{note['id']}", json={"content": CONTENT}, headers=author)
    await client.post(f"/notes/{note['id']}/signature", headers=author)
    for text in ("Patient called: soreness resolved.", "Correction: stretching was 6 minutes."):
        created = await client.post(f"/notes/{note['id']}/addenda", json={"text": text}, headers=author)
        assert created.status_code == 201, created.text
    read = (
        await client.get(f"/notes/{note['id']}", headers=bearer(mint_token, PHYSICIAN, Role.PHYSICIAN))
    ).json()
    assert [a["text"] for a in read["addenda"]] == [
        "Patient called: soreness resolved.",
        "Correction: stretching was 6 minutes.",
    ]
    assert {a["author_id"] for a in read["addenda"]} == {MASSAGE_THERAPIST}
    assert read["content"]["treatment"]["techniques"][2]["minutes"] == 5, "the signed text is unchanged"

    async def both_amendments_published() -> bool:
        events = await published_by_notes(kafka_bootstrap, patient)
        return types_of(events, note["id"]).count("carecoord.note.amended.v1") == 2

    assert await eventually(both_amendments_published)


async def test_providers_write_only_their_own_visits_in_their_own_discipline(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    patient = new_patient()
    note = await open_draft(client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST)
    url = f"/notes/{note['id']}"
    other_provider = bearer(mint_token, CHIROPRACTOR)
    assert (await client.get(url, headers=other_provider)).status_code == 200, "the care team reads"
    assert (await client.put(url, json={"content": CONTENT}, headers=other_provider)).status_code == 403
    assert (await client.post(f"{url}/signature", headers=other_provider)).status_code == 403
    physician = bearer(mint_token, PHYSICIAN, Role.PHYSICIAN)
    assert (await client.put(url, json={"content": CONTENT}, headers=physician)).status_code == 403
    start = f"/appointments/{note['appointment_id']}/note"
    assert (await client.post(start, headers=other_provider)).status_code == 403
    wrong_role = bearer(mint_token, MASSAGE_THERAPIST, Role.PHYSICAL_THERAPIST)
    assert (await client.post(start, headers=wrong_role)).status_code == 403
    assert (await client.put(url, json={"content": CONTENT}, headers=wrong_role)).status_code == 403
    assert (await client.post(start, headers=bearer(mint_token, MASSAGE_THERAPIST))).status_code == 201
    outsider = bearer(mint_token, "lmt-elsewhere", Role.MASSAGE_THERAPIST)
    assert (await client.get(url, headers=outsider)).status_code == 403
    other_clinic = bearer(mint_token, MASSAGE_THERAPIST, clinic="clinic-b")
    assert (await client.get(url, headers=other_clinic)).status_code == 404
    assert (await client.put(url, json={"content": CONTENT}, headers=other_clinic)).status_code == 404
    assert (await client.get(f"/patients/{patient}/notes", headers=other_clinic)).status_code == 404
    assert (await client.post(start, headers=other_clinic)).status_code == 404


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"subjective": {"pain": [{"body_region": "neck", "before": 11}]}}, ["subjective", "pain", 0, "before"]),
        ({"treatment": {"techniques": [{"technique": "reiki", "minutes": 10}]}}, ["treatment", "techniques", 0, "technique"]),
        ({"treatment": {"techniques": [{"technique": "stretching", "minutes": -1}]}}, ["treatment", "techniques", 0, "minutes"]),
        (
            {"objective": {"range_of_motion": [{"joint": "shoulder", "motion": "flexion", "degrees": 240}]}},
            ["objective", "range_of_motion", 0, "degrees"],
        ),
        (
            {"treatment": {"techniques": [
                {"technique": "deep_tissue", "minutes": 20}, {"technique": "stretching", "minutes": 15}]}},
            ["treatment", "techniques", 1, "minutes"],
        ),
    ],
)  # fmt: skip
async def test_bad_content_is_refused_with_the_field_path(
    client: httpx.AsyncClient,
    kafka_bootstrap: str,
    mint_token: MintToken,
    change: dict[str, Any],
    path: list[object],
) -> None:
    note = await open_draft(client, kafka_bootstrap, mint_token, new_patient(), MASSAGE_THERAPIST)
    response = await client.put(
        f"/notes/{note['id']}", json={"content": change}, headers=bearer(mint_token, MASSAGE_THERAPIST)
    )
    assert response.status_code == 422, response.text
    assert ["body", "content", *path] in [error["loc"] for error in response.json()["errors"]]


async def test_server_owned_fields_cannot_be_written(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    note = await open_draft(client, kafka_bootstrap, mint_token, new_patient(), MASSAGE_THERAPIST)
    response = await client.put(
        f"/notes/{note['id']}",
        json={"content": {}, "status": "signed", "author_id": "someone"},
        headers=bearer(mint_token, MASSAGE_THERAPIST),
    )
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["errors"]} == {("body", "status"), ("body", "author_id")}


async def test_a_check_in_opens_the_draft_before_the_visit_completes(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    patient = new_patient()
    checked_in = AppointmentCheckedIn(**completed(patient, CHIROPRACTOR).model_dump())
    await publish(kafka_bootstrap, care_plan(patient), checked_in)
    headers = bearer(mint_token, CHIROPRACTOR)

    async def draft() -> bool:
        response = await client.get(f"/appointments/{checked_in.appointment_id}/note", headers=headers)
        return response.status_code == 200 and response.json()["status"] == "draft"

    assert await eventually(draft)


async def test_a_cancelled_visit_cannot_be_documented(
    client: httpx.AsyncClient, kafka_bootstrap: str, mint_token: MintToken
) -> None:
    patient = new_patient()
    appointment = completed(patient, MASSAGE_THERAPIST)
    cancelled = AppointmentCancelled(
        **appointment.model_dump(), reason_code="patient_request", late_cancel=False
    )
    await publish(kafka_bootstrap, care_plan(patient), cancelled)
    headers = bearer(mint_token, MASSAGE_THERAPIST)
    start = f"/appointments/{appointment.appointment_id}/note"

    async def refused() -> bool:
        return (await client.post(start, headers=headers)).status_code == 409

    assert await eventually(refused)
