"""What signing a note sets off: the progress entry and event, care team alerts, and a progress
report when the care plan reaches a milestone; and the discharge summary when the referral closes."""

import uuid
from dataclasses import asdict
from datetime import UTC, date, datetime

from carecoord.events import (
    CareTeamAlert,
    GoalProgress,
    ProgressRecorded,
    ProgressReportReady,
    ReferralClosed,
)
from carecoord.outbox import UnitOfWork

from notes.adapters.progress_repository import ProgressRepository
from notes.adapters.projections import load_care_plan
from notes.domain.alerts import Alert, alerts_for
from notes.domain.milestones import Milestone, milestone_reached
from notes.domain.note import SessionNote
from notes.domain.note_types import progress_note_alert, treatment_days_in_period
from notes.domain.plan import CarePlan
from notes.domain.precautions import conflicts
from notes.domain.progress import GoalReading, measurements, readings, value_for
from notes.domain.report import SignedVisit, build_report


async def record_progress(
    uow: UnitOfWork, note: SessionNote, plan: CarePlan | None, billable_units: int, report_every: int
) -> None:
    """``plan``: the note's care plan as signing loaded it (None when the visit has none)."""
    repository = ProgressRepository(uow.connection)
    if plan is not None:
        await repository.serialize_care_plan(plan.care_plan_id)
    values = measurements(note.content)
    goal_readings = await _readings(repository, note, plan, values)
    await repository.add_entry(
        {
            "note_id": note.id,
            "clinic_id": note.visit.clinic_id,
            "patient_id": note.visit.patient_id,
            "care_plan_id": note.visit.care_plan_id,
            "discipline": note.visit.discipline,
            "author_id": note.author_id,
            "visit_starts_at": note.visit.starts_at,
            "pain": [rating.model_dump(mode="json") for rating in note.content.subjective.pain],
            "measurements": values,
            "goals": [asdict(reading) for reading in goal_readings],
            "billable_units": billable_units,
        }
    )
    if plan is not None:
        await _publish_progress(uow, note, plan, goal_readings)
        await _report_if_milestone(uow, repository, note, plan, report_every)
    await _raise_alerts(uow, repository, note, plan)


async def _readings(
    repository: ProgressRepository, note: SessionNote, plan: CarePlan | None, values: dict[str, float]
) -> list[GoalReading]:
    if plan is None:
        return []
    previous: dict[str, float] = {}
    for visit in await repository.signed_visits(plan.care_plan_id):
        if visit.visit_starts_at < note.visit.starts_at:
            for goal in plan.goals:
                if (value := value_for(goal, visit.measurements)) is not None:
                    previous[goal.goal_id] = value
    return readings(plan.goals, values, previous)


async def _publish_progress(
    uow: UnitOfWork, note: SessionNote, plan: CarePlan, goals: list[GoalReading]
) -> None:
    # The first pain rating is the chief complaint; the event carries that one, the API all of them.
    chief = note.content.subjective.pain[0] if note.content.subjective.pain else None
    await uow.publish(
        ProgressRecorded(
            clinic_id=note.visit.clinic_id,
            patient_id=note.visit.patient_id,
            note_id=note.id,
            care_plan_id=plan.care_plan_id,
            discipline=note.visit.discipline,
            visit_on=note.visit.starts_at.date(),
            pain_before=chief.before if chief else None,
            pain_after=chief.after if chief else None,
            goals=[GoalProgress(**asdict(reading)) for reading in goals],
        ),
        subject=f"notes/{note.id}",
    )


async def _report_if_milestone(
    uow: UnitOfWork, repository: ProgressRepository, note: SessionNote, plan: CarePlan, report_every: int
) -> None:
    visits = await repository.signed_visits(plan.care_plan_id)
    milestone = milestone_reached(visits, note.visit.discipline, report_every, plan.planned_visits)
    if milestone is not None:
        await _issue_report(uow, repository, plan, milestone, visits, note.visit.starts_at.date())


async def issue_discharge_summary(uow: UnitOfWork, closed: ReferralClosed, closed_on: date) -> None:
    """The physician's last report, whatever happened to the series (completed, cancelled, missed
    visits): issued once when the referral is closed."""
    plan = await load_care_plan(uow.connection, closed.care_plan_id)
    if plan is None:
        return
    repository = ProgressRepository(uow.connection)
    await repository.serialize_care_plan(plan.care_plan_id)
    visits = await repository.signed_visits(plan.care_plan_id)
    await _issue_report(uow, repository, plan, Milestone.DISCHARGE_SUMMARY, visits, closed_on)


async def _issue_report(
    uow: UnitOfWork,
    repository: ProgressRepository,
    plan: CarePlan,
    milestone: Milestone,
    visits: list[SignedVisit],
    issued_on: date,
) -> None:
    report_id = str(uuid.uuid4())
    body = build_report(plan, milestone, visits, issued_on)
    added = await repository.add_report(
        {
            "id": report_id,
            "clinic_id": plan.clinic_id,
            "patient_id": plan.patient_id,
            "care_plan_id": plan.care_plan_id,
            "milestone": milestone,
            "visits_completed": len(visits),
            "created_at": datetime.now(UTC),
            "body": body.model_dump(mode="json"),
        }
    )
    if added:
        await uow.publish(
            ProgressReportReady(
                clinic_id=plan.clinic_id,
                patient_id=plan.patient_id,
                report_id=report_id,
                care_plan_id=plan.care_plan_id,
                referring_physician_id=plan.referring_physician_id,
                milestone=milestone,
                visits_completed=len(visits),
            ),
            subject=f"progress-reports/{report_id}",
        )


async def _raise_alerts(
    uow: UnitOfWork, repository: ProgressRepository, note: SessionNote, plan: CarePlan | None
) -> None:
    assert note.signed_by is not None and note.signed_at is not None
    known = plan.precautions if plan else frozenset()
    overridden = (
        sorted({c.precaution for c in conflicts(note.content, known)}) if note.precaution_override else []
    )
    raised = alerts_for(note.content, known, overridden)
    if plan is not None:
        period = await repository.signed_note_types(plan.care_plan_id, note.visit.discipline)
        kind = progress_note_alert(note.visit.discipline, note.note_type, treatment_days_in_period(period))
        if kind is not None:
            raised.append(Alert(kind))
    for alert in raised:
        alert_id = str(uuid.uuid4())
        await repository.add_alert(
            {
                "id": alert_id,
                "clinic_id": note.visit.clinic_id,
                "patient_id": note.visit.patient_id,
                "care_plan_id": note.visit.care_plan_id,
                "note_id": note.id,
                "kind": alert.kind,
                "discipline": note.visit.discipline,
                "body_region": alert.body_region,
                "precaution": alert.precaution,
                "raised_by": note.signed_by,
                "raised_at": note.signed_at,
            }
        )
        await uow.publish(
            CareTeamAlert(
                clinic_id=note.visit.clinic_id,
                patient_id=note.visit.patient_id,
                alert_id=alert_id,
                care_plan_id=note.visit.care_plan_id,
                kind=alert.kind,
                discipline=note.visit.discipline,
                note_id=note.id,
                raised_by=note.signed_by,
            ),
            subject=f"notes/{note.id}",
        )
