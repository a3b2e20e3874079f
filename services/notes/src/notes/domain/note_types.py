"""The kinds of session note a payer expects, each with what it must contain before it is signed,
and the physical-therapy rule that a progress note is written at least every 10 treatment days
(Medicare Benefit Policy Manual, ch. 15, 220.3)."""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from carecoord.events.vocabulary import Discipline

from notes.domain.alerts import AlertKind
from notes.domain.soap import SoapContent

Problem = tuple[tuple[str | int, ...], str]

PROGRESS_NOTE_EVERY_TREATMENT_DAYS = 10


class NoteType(StrEnum):
    INITIAL_EVALUATION = "initial_evaluation"
    DAILY_NOTE = "daily_note"
    PROGRESS_NOTE = "progress_note"
    DISCHARGE_SUMMARY = "discharge_summary"


def missing_for(note_type: NoteType, content: SoapContent) -> list[Problem]:
    """What ``content`` lacks to be signed as ``note_type``, each with the field's path."""
    subjective, objective = content.subjective, content.objective
    has_findings = bool(
        objective.range_of_motion
        or objective.palpation
        or objective.trigger_points
        or objective.tissue
        or objective.outcome_measures
    )
    has_measure = bool(subjective.pain or objective.range_of_motion or objective.outcome_measures)
    plan = content.plan
    checks: dict[NoteType, list[tuple[bool, tuple[str, ...], str]]] = {
        NoteType.INITIAL_EVALUATION: [
            (
                bool(subjective.pain or subjective.symptoms),
                ("subjective",),
                "the patient's complaint: pain or symptoms",
            ),
            (
                has_findings,
                ("objective",),
                "objective findings: range of motion, palpation, tissue or outcome measures",
            ),
            (
                content.assessment.summary is not None,
                ("assessment", "summary"),
                "the evaluation's assessment",
            ),
            (
                bool(plan.next_visit_focus or plan.follow_up),
                ("plan",),
                "the plan of care: next visit focus or follow-up",
            ),
        ],
        NoteType.DAILY_NOTE: [
            (
                bool(content.treatment.techniques),
                ("treatment", "techniques"),
                "the treatment given, with its minutes",
            ),
        ],
        NoteType.PROGRESS_NOTE: [
            (
                has_measure,
                ("objective",),
                "a measurement to compare with the goals: pain, range of motion or outcome measures",
            ),
            (
                content.assessment.summary is not None,
                ("assessment", "summary"),
                "the assessment of progress toward the goals",
            ),
            (
                bool(plan.next_visit_focus or plan.follow_up),
                ("plan",),
                "the plan from here: next visit focus or follow-up",
            ),
        ],
        NoteType.DISCHARGE_SUMMARY: [
            (
                has_measure,
                ("objective",),
                "the measurements at discharge: pain, range of motion or outcome measures",
            ),
            (
                content.assessment.summary is not None,
                ("assessment", "summary"),
                "the outcome of the episode of care",
            ),
            (
                bool(plan.home_care or plan.follow_up),
                ("plan",),
                "the home program or follow-up after discharge",
            ),
        ],
    }
    return [
        (
            path,
            f"{'an' if note_type is NoteType.INITIAL_EVALUATION else 'a'} {note_type.replace('_', ' ')} needs {what}",
        )
        for present, path, what in checks[note_type]
        if not present
    ]


def treatment_days_in_period(signed: Iterable[tuple[date, NoteType]]) -> int:
    """Treatment days of the current progress-report period. Medicare's periods: the initial
    evaluation's day is the first day of the first period; a progress note (or discharge summary)
    ends its period, and the next starts at the next treatment day. ``signed``: one discipline's
    signed notes on the plan as (visit day, type), in visit order."""
    days: set[date] = set()
    for day, note_type in signed:
        if note_type is NoteType.INITIAL_EVALUATION:
            days = {day}
        elif note_type in {NoteType.PROGRESS_NOTE, NoteType.DISCHARGE_SUMMARY}:
            days = set()
        else:
            days.add(day)
    return len(days)


def progress_note_alert(discipline: Discipline, note_type: NoteType, treatment_days: int) -> AlertKind | None:
    """After a physical-therapy daily note: on the period's 9th treatment day the progress note is
    due at the next visit; from the 10th on, every daily note signed instead of it is overdue."""
    if discipline is not Discipline.PHYSICAL_THERAPY or note_type is not NoteType.DAILY_NOTE:
        return None
    if treatment_days >= PROGRESS_NOTE_EVERY_TREATMENT_DAYS:
        return AlertKind.PROGRESS_NOTE_OVERDUE
    if treatment_days == PROGRESS_NOTE_EVERY_TREATMENT_DAYS - 1:
        return AlertKind.PROGRESS_NOTE_DUE
    return None
