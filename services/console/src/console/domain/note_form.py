"""The session note as a form. Outcome questionnaires (Oswestry, Neck Disability Index) are ten
answers each, any of which the patient may leave out: the form names each answer by its place
(``...oswestry_items.3``) and the notes service receives all ten, an unanswered one as null."""

from typing import Any

from console.domain.forms import FormValues, flatten

QUESTIONNAIRE_ITEMS = 10
QUESTIONNAIRES = {
    "oswestry_items": "Oswestry low back disability (ODI)",
    "neck_disability_items": "Neck Disability Index (NDI)",
}
MEASURES = "content.objective.outcome_measures"


def note_body(nested: dict[str, Any]) -> dict[str, Any]:
    """The submitted form's body with every begun questionnaire as its ten answers."""
    measures = nested.get("content", {}).get("objective", {}).get("outcome_measures", {})
    for name in QUESTIONNAIRES:
        answers = measures.get(name)
        if answers is not None:
            given = [None if answer == {} else answer for answer in answers]
            measures[name] = given + [None] * (QUESTIONNAIRE_ITEMS - len(given))
    return nested


def note_values(content: dict[str, Any]) -> FormValues:
    """A stored note's content as the editor's form values."""
    values = {
        name: value for name, value in flatten({"content": content}).items() if not _questionnaire(name)
    }
    measures = (content.get("objective") or {}).get("outcome_measures") or {}
    for name in QUESTIONNAIRES:
        for index, answer in enumerate(measures.get(name) or []):
            if answer is not None:
                values[f"{MEASURES}.{name}.{index}"] = str(answer)
    return values


def _questionnaire(name: str) -> bool:
    return any(name == f"{MEASURES}.{questionnaire}[]" for questionnaire in QUESTIONNAIRES)
