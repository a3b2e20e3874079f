from typing import Any

import pytest
from console.adapters.services import Reply, ServiceRefused
from console.domain.forms import nest
from console.domain.note_form import note_body, note_values
from console.service_layer.session_notes import PrecautionConflict, save_note

ODI = "content.objective.outcome_measures.oswestry_items"


def test_a_begun_questionnaire_is_sent_as_ten_answers_with_the_unanswered_as_null() -> None:
    pairs = [(f"{ODI}.0", "2"), (f"{ODI}.1", ""), (f"{ODI}.4", "3"), ("content.treatment.pressure", "light")]
    body = note_body(nest(pairs))
    assert body["content"]["objective"]["outcome_measures"]["oswestry_items"] == [
        "2", None, None, None, "3", None, None, None, None, None,
    ]  # fmt: skip
    assert body["content"]["treatment"] == {"pressure": "light"}


def test_a_questionnaire_left_blank_is_not_sent() -> None:
    body = note_body(nest([(f"{ODI}.0", ""), ("content.treatment.pressure", "light")]))
    assert "objective" not in body["content"]


def test_a_stored_note_fills_the_form_by_each_answers_place() -> None:
    content = {
        "objective": {
            "outcome_measures": {"oswestry_items": [1, None, 4, 0, 0, 0, 0, 0, 0, 0]},
            "range_of_motion": [{"joint": "lumbar", "motion": "flexion", "side": None, "degrees": 60.0}],
        },
        "treatment": {"pressure": "firm", "techniques": []},
    }
    values = note_values(content)
    assert values[f"{ODI}.0"] == "1" and values[f"{ODI}.2"] == "4" and f"{ODI}.1" not in values
    assert not any(name.endswith("oswestry_items[]") for name in values)
    assert values["content.objective.range_of_motion.0.degrees"] == "60"
    assert values["content.treatment.pressure"] == "firm"


class NotesService:
    """Saves every draft; refuses a signature without a reason as the notes service does."""

    def __init__(self) -> None:
        self.signed_with: list[object] = []

    async def call(self, method: str, service: str, path: str, **kwargs: Any) -> Reply:
        if path.endswith("/signature"):
            if kwargs.get("json") is None:
                raise ServiceRefused(
                    "notes", 409, "the note cannot be signed: deep pressure under no_deep_pressure"
                )
            self.signed_with.append(kwargs["json"])
        return Reply({}, '"2"')


async def test_signing_against_a_precaution_asks_for_the_reason_and_then_passes_it() -> None:
    notes = NotesService()
    with pytest.raises(PrecautionConflict, match="no_deep_pressure"):
        await save_note(notes, "n-1", {}, '"1"', sign=True)  # type: ignore[arg-type]
    await save_note(notes, "n-1", {}, '"1"', sign=True, precaution_override_reason="Patient asked")  # type: ignore[arg-type]
    assert notes.signed_with == [{"precaution_override_reason": "Patient asked"}]
