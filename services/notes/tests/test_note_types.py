"""Note types: what each must contain to be signed, and physical therapy's progress note at least
every 10 treatment days; the rules alone, then through the API on the real database and broker."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from carecoord.events.vocabulary import Discipline
from carecoord_local.testing import MintToken, NewDatabase
from notes.domain.alerts import AlertKind
from notes.domain.note_types import NoteType, missing_for, progress_note_alert, treatment_days_in_period
from notes.domain.soap import SoapContent

from .support import PHYSICAL_THERAPIST, bearer, care_plan, new_patient, notes_service, publish
from .test_progress_and_reports import document_visit, draft_note, visit_content

TREATED = {"treatment": {"techniques": [{"technique": "therapeutic_exercise", "minutes": 30}]}}
EVALUATED = {
    "subjective": {"symptoms": ["stiff in the morning"]},
    "objective": {"range_of_motion": [{"joint": "lumbar", "motion": "flexion", "degrees": 40}]},
    "assessment": {"summary": "Mechanical low back pain, limited flexion."},
    "plan": {"next_visit_focus": "core stability"},
}


def missing_paths(note_type: NoteType, raw: dict[str, Any]) -> list[tuple[str | int, ...]]:
    return [path for path, _ in missing_for(note_type, SoapContent.model_validate(raw))]


@pytest.mark.parametrize(
    ("note_type", "raw", "missing"),
    [
        (NoteType.DAILY_NOTE, {}, [("treatment", "techniques")]),
        (NoteType.DAILY_NOTE, TREATED, []),
        (
            NoteType.INITIAL_EVALUATION,
            TREATED,
            [("subjective",), ("objective",), ("assessment", "summary"), ("plan",)],
        ),
        (NoteType.INITIAL_EVALUATION, EVALUATED, []),
        (NoteType.PROGRESS_NOTE, {"assessment": {"summary": "Better."}}, [("objective",), ("plan",)]),
        (NoteType.PROGRESS_NOTE, EVALUATED, []),
        (NoteType.DISCHARGE_SUMMARY, EVALUATED, [("plan",)]),
        (NoteType.DISCHARGE_SUMMARY, {**EVALUATED, "plan": {"home_care": ["walk daily"]}}, []),
    ],
)
def test_each_note_type_names_what_it_still_needs(
    note_type: NoteType, raw: dict[str, Any], missing: list[tuple[str, ...]]
) -> None:
    assert missing_paths(note_type, raw) == missing


def days(*kinds: str) -> list[tuple[date, NoteType]]:
    """One note a day from 1 March: e = evaluation, d = daily note, p = progress note."""
    types = {"e": NoteType.INITIAL_EVALUATION, "d": NoteType.DAILY_NOTE, "p": NoteType.PROGRESS_NOTE}
    return [(date(2026, 3, 1) + timedelta(days=n), types[kind]) for n, kind in enumerate(kinds)]


def test_a_reporting_period_starts_on_the_evaluation_day_and_after_each_progress_note() -> None:
    assert treatment_days_in_period(days("e")) == 1, "the evaluation's day is the period's first"
    assert treatment_days_in_period(days("e", "d", "d")) == 3
    assert treatment_days_in_period(days("e", "d", "p")) == 0, "the next period starts at the next day"
    assert treatment_days_in_period(days("e", "d", "p", "d", "d")) == 2
    two_on_one_day = [*days("e", "d"), (date(2026, 3, 2), NoteType.DAILY_NOTE)]
    assert treatment_days_in_period(two_on_one_day) == 2, "days are counted, not notes"


@pytest.mark.parametrize(
    ("discipline", "note_type", "treatment_days", "alert"),
    [
        (Discipline.PHYSICAL_THERAPY, NoteType.DAILY_NOTE, 8, None),
        (Discipline.PHYSICAL_THERAPY, NoteType.DAILY_NOTE, 9, AlertKind.PROGRESS_NOTE_DUE),
        (Discipline.PHYSICAL_THERAPY, NoteType.DAILY_NOTE, 10, AlertKind.PROGRESS_NOTE_OVERDUE),
        (Discipline.PHYSICAL_THERAPY, NoteType.DAILY_NOTE, 14, AlertKind.PROGRESS_NOTE_OVERDUE),
        (Discipline.PHYSICAL_THERAPY, NoteType.INITIAL_EVALUATION, 1, None),
        (Discipline.MEDICAL_MASSAGE, NoteType.DAILY_NOTE, 12, None),
        (Discipline.CHIROPRACTIC, NoteType.DAILY_NOTE, 12, None),
    ],
)
def test_physical_therapy_is_told_before_the_tenth_treatment_day_and_after_it(
    discipline: Discipline, note_type: NoteType, treatment_days: int, alert: AlertKind | None
) -> None:
    assert progress_note_alert(discipline, note_type, treatment_days) is alert


async def test_a_note_is_signed_only_with_what_its_type_requires_and_progress_notes_are_tracked(
    new_database: NewDatabase, kafka_bootstrap: str, dev_keys: tuple[Path, Path], mint_token: MintToken
) -> None:
    patient = new_patient()
    therapist = bearer(mint_token, PHYSICAL_THERAPIST)
    async with notes_service(await new_database(), kafka_bootstrap, dev_keys) as client:
        await publish(kafka_bootstrap, care_plan(patient))
        first_day = timedelta(days=12)
        evaluation = await draft_note(
            client, kafka_bootstrap, mint_token, patient, PHYSICAL_THERAPIST, TREATED, first_day
        )
        retyped = await client.put(
            f"/notes/{evaluation}",
            json={"content": TREATED, "note_type": "initial_evaluation"},
            headers=therapist,
        )
        assert retyped.json()["note_type"] == "initial_evaluation"
        refused = await client.post(f"/notes/{evaluation}/signature", headers=therapist)
        assert refused.status_code == 422
        assert [error["loc"][-2:] for error in refused.json()["errors"]][2] == ["assessment", "summary"]
        assert "an initial evaluation needs the evaluation's assessment" in refused.text
        draft = (await client.get(f"/notes/{evaluation}", headers=therapist)).json()
        assert (draft["status"], draft["version"]) == ("draft", retyped.json()["version"]), (
            "a refused signature changes nothing"
        )

        kept = await client.put(f"/notes/{evaluation}", json={"content": EVALUATED}, headers=therapist)
        assert kept.json()["note_type"] == "initial_evaluation", "an update without a type keeps it"
        assert (await client.post(f"/notes/{evaluation}/signature", headers=therapist)).status_code == 200

        daily = visit_content(4, 4, 60, treatment=TREATED["treatment"])
        for day in range(11, 3, -1):  # treatment days 2 to 9 of the period
            await document_visit(
                client, kafka_bootstrap, mint_token, patient, PHYSICAL_THERAPIST, daily, timedelta(days=day)
            )
        assert await progress_alerts(client, patient, therapist) == ["progress_note_due"]

        await document_visit(
            client, kafka_bootstrap, mint_token, patient, PHYSICAL_THERAPIST, daily, timedelta(days=3)
        )
        assert await progress_alerts(client, patient, therapist) == [
            "progress_note_due",
            "progress_note_overdue",
        ]

        reassessed = {**daily, "assessment": {"summary": "Flexion 10 degrees better; pain steady."}}
        progress = await draft_note(
            client, kafka_bootstrap, mint_token, patient, PHYSICAL_THERAPIST, daily, timedelta(days=2)
        )
        retyped = await client.put(
            f"/notes/{progress}",
            json={"content": reassessed, "note_type": "progress_note"},
            headers=therapist,
        )
        assert (await client.post(f"/notes/{progress}/signature", headers=therapist)).status_code == 200
        await document_visit(
            client, kafka_bootstrap, mint_token, patient, PHYSICAL_THERAPIST, daily, timedelta(days=1)
        )
        assert await progress_alerts(client, patient, therapist) == [
            "progress_note_due",
            "progress_note_overdue",
        ], "the progress note started a new period"


async def progress_alerts(client: Any, patient: str, headers: dict[str, str]) -> list[str]:
    alerts = (await client.get(f"/patients/{patient}/alerts", headers=headers)).json()
    return [alert["kind"] for alert in alerts if alert["kind"].startswith("progress_note")]
