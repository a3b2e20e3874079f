"""Validation of note content and the draft -> signed lifecycle, without I/O."""

from datetime import UTC, datetime, timedelta

import pytest
from carecoord.events.vocabulary import Discipline
from notes.domain.errors import InvalidNote, NoteIsSigned, NoteNotSigned, NotPermitted
from notes.domain.note import NoteStatus, SessionNote, Visit
from notes.domain.soap import SoapContent
from pydantic import ValidationError

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VISIT = Visit(
    "appt-1",
    "clinic-a",
    "p-1",
    "lmt-1",
    Discipline.MEDICAL_MASSAGE,
    "cp-1",
    START,
    START + timedelta(minutes=30),
)


def content(techniques: list[dict[str, object]]) -> SoapContent:
    return SoapContent.model_validate({"treatment": {"techniques": techniques}})


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (
            {"subjective": {"pain": [{"body_region": "neck", "before": 11}]}},
            ("subjective", "pain", 0, "before"),
        ),
        (
            {"subjective": {"pain": [{"body_region": "neck", "before": 3, "after": -1}]}},
            ("subjective", "pain", 0, "after"),
        ),
        (
            {"treatment": {"techniques": [{"technique": "reiki", "minutes": 10}]}},
            ("treatment", "techniques", 0, "technique"),
        ),
        (
            {"treatment": {"techniques": [{"technique": "deep_tissue", "minutes": -5}]}},
            ("treatment", "techniques", 0, "minutes"),
        ),
        (
            {"objective": {"range_of_motion": [{"joint": "cervical", "motion": "rotation", "degrees": 200}]}},
            ("objective", "range_of_motion", 0, "degrees"),
        ),
        (
            {"objective": {"range_of_motion": [{"joint": "knee", "motion": "rotation", "degrees": 10}]}},
            ("objective", "range_of_motion", 0, "degrees"),
        ),
        (
            {"treatment": {"techniques": [{"technique": "spinal_manipulation", "minutes": 5}]}},
            ("treatment", "techniques", 0, "regions"),
        ),
        (
            {
                "treatment": {
                    "techniques": [{"technique": "deep_tissue", "minutes": 5, "regions": ["cervical"]}]
                }
            },
            ("treatment", "techniques", 0, "regions"),
        ),
        (
            {"objective": {"outcome_measures": {"oswestry_items": [6] * 10}}},
            ("objective", "outcome_measures", "oswestry_items", 0),
        ),
        ({"plan": {"signed_by": "x"}}, ("plan", "signed_by")),
    ],
)
def test_bad_content_is_refused_naming_the_field(raw: dict[str, object], path: tuple[object, ...]) -> None:
    with pytest.raises(ValidationError) as caught:
        SoapContent.model_validate(raw)
    assert path in [error["loc"] for error in caught.value.errors()]


def test_techniques_longer_than_the_visit_are_refused() -> None:
    note = SessionNote.open_for(VISIT, timedelta(hours=48))
    too_long = content(
        [{"technique": "deep_tissue", "minutes": 20}, {"technique": "stretching", "minutes": 11}]
    )
    with pytest.raises(InvalidNote) as caught:
        note.revise("lmt-1", too_long, None)
    assert caught.value.problems[0][0] == ("treatment", "techniques", 1, "minutes")


def test_only_the_author_or_co_signer_signs_and_a_signed_note_never_changes() -> None:
    note = SessionNote.open_for(VISIT, timedelta(hours=48))
    assert note.due_at == VISIT.ends_at + timedelta(hours=48)
    note.revise("lmt-1", content([{"technique": "deep_tissue", "minutes": 25}]), co_signer_id="lmt-lead")
    with pytest.raises(NotPermitted):
        note.revise("dc-1", SoapContent(), None)
    with pytest.raises(NotPermitted):
        note.sign("dc-1", START, [])
    with pytest.raises(NoteNotSigned):
        note.addendum("lmt-1", "late entry", START)
    note.sign("lmt-lead", START + timedelta(hours=1), [])
    assert (note.status, note.signed_by) == (NoteStatus.SIGNED, "lmt-lead")
    with pytest.raises(NoteIsSigned):
        note.revise("lmt-1", SoapContent(), None)
    with pytest.raises(NoteIsSigned):
        note.sign("lmt-1", START, [])
    addendum = note.addendum("lmt-1", "Patient called: soreness resolved.", START + timedelta(days=1))
    assert addendum.author_id == "lmt-1"
