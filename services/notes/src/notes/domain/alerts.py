"""Signs the rest of the care team should see before their next visit."""

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from notes.domain.soap import SoapContent
from notes.domain.vocabulary import Severity

ADVERSE_PAIN_RISE = 2  # pain after >= pain before + 2 on the 0-10 scale
STRONGEST_TENDERNESS_GRADE = 4


class AlertKind(StrEnum):
    ADVERSE_RESPONSE = "adverse_response"
    STRONG_SORENESS = "strong_soreness"
    NEW_PRECAUTION = "new_precaution"
    PRECAUTION_OVERRIDE = "precaution_override"
    PROGRESS_NOTE_DUE = "progress_note_due"
    PROGRESS_NOTE_OVERDUE = "progress_note_overdue"


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    body_region: str | None = None
    precaution: str | None = None


def alerts_for(
    content: SoapContent, known_precautions: Collection[str], overridden: Collection[str] = ()
) -> list[Alert]:
    """``overridden``: the precautions the author signed past, with a reason."""
    alerts = [
        Alert(AlertKind.ADVERSE_RESPONSE, body_region=rating.body_region)
        for rating in content.subjective.pain
        if rating.after is not None and rating.after >= rating.before + ADVERSE_PAIN_RISE
    ]
    response = content.subjective.response_since_last_visit
    if response is not None and response.soreness is Severity.STRONG:
        alerts.append(Alert(AlertKind.STRONG_SORENESS))
    alerts.extend(
        Alert(AlertKind.STRONG_SORENESS, body_region=finding.body_region)
        for finding in content.objective.palpation
        if finding.tenderness_grade >= STRONGEST_TENDERNESS_GRADE
    )
    alerts.extend(
        Alert(AlertKind.NEW_PRECAUTION, precaution=precaution)
        for precaution in dict.fromkeys(content.plan.new_precautions)
        if precaution not in known_precautions
    )
    alerts.extend(Alert(AlertKind.PRECAUTION_OVERRIDE, precaution=precaution) for precaution in overridden)
    return alerts
