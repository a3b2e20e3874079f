"""Signed notes from every discipline feed the shared timeline, the physician's report at
milestones, care team alerts, and the overdue job, with the real database and broker."""

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
from carecoord.auth import Role
from carecoord.events import ReferralClosed
from carecoord.outbox import Transactions
from carecoord_local.testing import MintToken, NewDatabase, eventually
from notes.service_layer.overdue import report_overdue_notes

from .support import (
    CHIROPRACTOR,
    MASSAGE_THERAPIST,
    PHYSICAL_THERAPIST,
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


def visit_content(pain_before: int, pain_after: int, rotation: float, **extra: Any) -> dict[str, Any]:
    return {
        "subjective": {"pain": [{"body_region": "low_back", "before": pain_before, "after": pain_after}]},
        "objective": {"range_of_motion": [{"joint": "cervical", "motion": "rotation", "degrees": rotation}]},
        "treatment": {"techniques": [{"technique": "myofascial_release", "minutes": 20}]},
        "plan": {"home_care": ["walk 20 min"], "follow_up": "continue"},
        **extra,
    }


async def document_visit(
    client: httpx.AsyncClient,
    kafka_bootstrap: str,
    mint_token: MintToken,
    patient: str,
    provider: str,
    content: dict[str, Any],
    ago: timedelta,
) -> str:
    note_id = await draft_note(client, kafka_bootstrap, mint_token, patient, provider, content, ago)
    signed = await client.post(f"/notes/{note_id}/signature", headers=bearer(mint_token, provider))
    assert signed.status_code == 200, signed.text
    return note_id


async def draft_note(
    client: httpx.AsyncClient,
    kafka_bootstrap: str,
    mint_token: MintToken,
    patient: str,
    provider: str,
    content: dict[str, Any],
    ago: timedelta,
) -> str:
    appointment = completed(patient, provider, ago=ago)
    await publish(kafka_bootstrap, appointment)
    headers = bearer(mint_token, provider)

    async def draft() -> str | None:
        response = await client.get(f"/appointments/{appointment.appointment_id}/note", headers=headers)
        return str(response.json()["id"]) if response.status_code == 200 else None

    note_id = str(await eventually(draft))
    updated = await client.put(f"/notes/{note_id}", json={"content": content}, headers=headers)
    assert updated.status_code == 200, updated.text
    return note_id


async def test_a_signed_note_from_each_discipline_updates_the_timeline_and_the_report(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()
    async with notes_service(
        await new_database(), kafka_bootstrap, dev_keys, progress_report_every_visits=3
    ) as client:
        await publish(kafka_bootstrap, care_plan(patient))
        visits = [
            (MASSAGE_THERAPIST, visit_content(6, 4, 50), timedelta(days=3)),
            (CHIROPRACTOR, visit_content(5, 4, 58), timedelta(days=2)),
            (PHYSICAL_THERAPIST, visit_content(3, 2, 72), timedelta(days=1)),
        ]
        for provider, content, ago in visits:
            await document_visit(client, kafka_bootstrap, mint_token, patient, provider, content, ago)

        physician = bearer(mint_token, PHYSICIAN, Role.PHYSICIAN)
        timeline = (await client.get(f"/patients/{patient}/progress", headers=physician)).json()
        assert [entry["discipline"] for entry in timeline] == [
            "medical_massage",
            "chiropractic",
            "physical_therapy",
        ]
        pain = [next(g for g in entry["goals"] if g["goal_id"] == "g-pain") for entry in timeline]
        assert [(g["value"], g["change_from_previous"], g["status"]) for g in pain] == [
            (6.0, None, "improving"),
            (5.0, -1.0, "improving"),
            (3.0, -2.0, "met"),
        ]

        reports = (await client.get(f"/patients/{patient}/progress-reports", headers=physician)).json()
        assert len(reports) == 1
        report = (await client.get(f"/progress-reports/{reports[0]['id']}", headers=physician)).json()
        assert (report["milestone"], report["visits_completed"]) == ("every_n_visits", 3)
        assert {v["discipline"]: (v["completed"], v["authorized"]) for v in report["body"]["visits"]} == {
            "medical_massage": (1, 4),
            "chiropractic": (1, 2),
            "physical_therapy": (1, 2),
        }
        rotation = next(g for g in report["body"]["goals"] if g["goal_id"] == "g-rotation")
        assert (rotation["latest_value"], rotation["status"]) == (72.0, "met")
        assert [p["value"] for p in rotation["trend"]] == [50.0, 58.0, 72.0]
        assert len(report["body"]["recommendations"]) == 3

        async def published() -> list[str] | None:
            kinds = types_of(await published_by_notes(kafka_bootstrap, patient))
            return kinds if "carecoord.progress_report.ready.v1" in kinds else None

        kinds = await eventually(published)
        assert isinstance(kinds, list)
        assert kinds.count("carecoord.progress.recorded.v1") == 3
        assert kinds.count("carecoord.progress_report.ready.v1") == 1
        assert "carecoord.careteam.alert.v1" not in kinds


async def test_adverse_responses_and_new_precautions_alert_the_care_team(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()
    async with notes_service(await new_database(), kafka_bootstrap, dev_keys) as client:
        await publish(kafka_bootstrap, care_plan(patient))
        content = visit_content(3, 6, 50, plan={"new_precautions": ["no_deep_pressure", "avoid_prone"]})
        note_id = await document_visit(
            client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST, content, timedelta(hours=2)
        )
        chiropractor = bearer(mint_token, CHIROPRACTOR)
        alerts = (await client.get(f"/patients/{patient}/alerts", headers=chiropractor)).json()
        assert sorted((a["kind"], a["body_region"], a["precaution"]) for a in alerts) == [
            ("adverse_response", "low_back", None),
            ("new_precaution", None, "avoid_prone"),
        ]

        async def alert_events() -> list[dict[str, Any]] | None:
            events = await published_by_notes(kafka_bootstrap, patient)
            found = [data for kind, data in events if kind == "carecoord.careteam.alert.v1"]
            return found if len(found) == 2 else None

        events = await eventually(alert_events)
        assert isinstance(events, list)
        assert {(e["kind"], e["note_id"], e["raised_by"]) for e in events} == {
            ("adverse_response", note_id, MASSAGE_THERAPIST),
            ("new_precaution", note_id, MASSAGE_THERAPIST),
        }


async def test_a_draft_left_unsigned_past_its_window_is_reported_overdue_once(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()
    async with notes_service(
        await new_database(),
        kafka_bootstrap,
        dev_keys,
        note_signing_window_hours=1,
        overdue_check_seconds=0.2,
    ) as client:
        late = completed(patient, MASSAGE_THERAPIST, ago=timedelta(hours=3))
        recent = completed(patient, MASSAGE_THERAPIST, ago=timedelta(minutes=40))
        await publish(kafka_bootstrap, care_plan(patient), late, recent)

        async def overdue() -> list[dict[str, Any]] | None:
            events = await published_by_notes(kafka_bootstrap, patient)
            found = [data for kind, data in events if kind == "carecoord.note.overdue.v1"]
            return found or None

        reported = await eventually(overdue)
        assert isinstance(reported, list)
        assert [event["appointment_id"] for event in reported] == [late.appointment_id]
        runtime = client._transport.app.state.runtime  # type: ignore[attr-defined]
        transactions: Transactions = runtime.transactions
        # Further passes, as another replica would run them, find nothing left to report.
        assert await report_overdue_notes(transactions, datetime.now(UTC)) == 0
        events = await published_by_notes(kafka_bootstrap, patient)
        assert types_of(events).count("carecoord.note.overdue.v1") == 1


async def test_a_note_breaking_a_precaution_is_signed_only_with_a_reason_that_alerts_the_physician(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()  # the massage plan carries no_deep_pressure
    async with notes_service(await new_database(), kafka_bootstrap, dev_keys) as client:
        await publish(kafka_bootstrap, care_plan(patient))
        deep = visit_content(
            5,
            4,
            50,
            treatment={"techniques": [{"technique": "deep_tissue", "minutes": 20}], "pressure": "deep"},
        )
        note_id = await draft_note(
            client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST, deep, timedelta(hours=2)
        )
        headers = bearer(mint_token, MASSAGE_THERAPIST)

        refused = await client.post(f"/notes/{note_id}/signature", headers=headers)
        assert refused.status_code == 409
        assert "deep_tissue is recorded under the precaution no_deep_pressure" in refused.json()["detail"]
        assert "deep pressure is recorded under the precaution no_deep_pressure" in refused.json()["detail"]
        still = (await client.get(f"/notes/{note_id}", headers=headers)).json()
        assert (still["status"], still["precaution_override"]) == ("draft", None)

        reason = {"precaution_override_reason": "physician cleared deep work on the lumbar area"}
        signed = await client.post(f"/notes/{note_id}/signature", json=reason, headers=headers)
        assert signed.status_code == 200, signed.text
        assert signed.json()["precaution_override"] == reason["precaution_override_reason"]

        async def override_alerts() -> list[dict[str, Any]] | None:
            events = await published_by_notes(kafka_bootstrap, patient)
            found = [data for kind, data in events if kind == "carecoord.careteam.alert.v1"]
            return found or None

        events = await eventually(override_alerts)
        assert isinstance(events, list)
        assert [(e["kind"], e["note_id"]) for e in events] == [("precaution_override", note_id)]


async def test_closing_the_referral_issues_one_discharge_summary_for_the_physician(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()
    async with notes_service(await new_database(), kafka_bootstrap, dev_keys) as client:
        plan = care_plan(patient)
        await publish(kafka_bootstrap, plan)
        await document_visit(
            client,
            kafka_bootstrap,
            mint_token,
            patient,
            MASSAGE_THERAPIST,
            visit_content(6, 5, 50),
            timedelta(hours=2),
        )
        closed = ReferralClosed(
            clinic_id=plan.clinic_id,
            patient_id=patient,
            referral_id=plan.referral_id,
            referring_physician_id=PHYSICIAN,
            outcome="cancelled",
            reason_code="patient_moved",
            care_plan_id=plan.care_plan_id,
        )
        await publish(kafka_bootstrap, closed)
        await publish(kafka_bootstrap, closed)  # replayed under a new event id: still one summary
        physician = bearer(mint_token, PHYSICIAN, Role.PHYSICIAN)

        async def summaries() -> list[dict[str, Any]] | None:
            reports = (await client.get(f"/patients/{patient}/progress-reports", headers=physician)).json()
            found = [r for r in reports if r["milestone"] == "discharge_summary"]
            return found or None

        [summary] = await eventually(summaries) or []
        assert summary["visits_completed"] == 1

        async def announced() -> list[dict[str, Any]] | None:
            events = await published_by_notes(kafka_bootstrap, patient)
            found = [d for kind, d in events if kind == "carecoord.progress_report.ready.v1"]
            return found or None

        ready = await eventually(announced)
        assert isinstance(ready, list)
        assert [(r["milestone"], r["referring_physician_id"]) for r in ready] == [
            ("discharge_summary", PHYSICIAN)
        ]


async def test_a_providers_notes_of_one_day_are_billed_as_one_claim_day(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    now = datetime.now(UTC)
    async with notes_service(await new_database(), kafka_bootstrap, dev_keys) as client:
        await publish(kafka_bootstrap, care_plan(patient))
        seven_minutes = visit_content(
            5, 4, 50, treatment={"techniques": [{"technique": "trigger_point", "minutes": 7}]}
        )
        note_ids = [
            await document_visit(
                client, kafka_bootstrap, mint_token, patient, MASSAGE_THERAPIST, seven_minutes, now - starts
            )
            for starts in (
                datetime.combine(yesterday, time(9), tzinfo=UTC),
                datetime.combine(yesterday, time(15), tzinfo=UTC),
            )
        ]
        headers = bearer(mint_token, MASSAGE_THERAPIST)
        [day] = (
            await client.get(
                f"/patients/{patient}/billing", params={"date_of_service": str(yesterday)}, headers=headers
            )
        ).json()
        assert (day["provider_id"], day["rule"], sorted(day["note_ids"])) == (
            MASSAGE_THERAPIST,
            "cms_8_minute",
            sorted(note_ids),
        )
        assert day["billing"]["timed_minutes"] == {"97140": 14}
        assert day["billing"]["timed_units"] == {"97140": 1}, "7 + 7 minutes on one day bill one unit"
