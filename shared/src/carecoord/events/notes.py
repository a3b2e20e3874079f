"""Events the notes service publishes on ``carecoord.notes``."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from carecoord.events.base import Event
from carecoord.events.topics import Topic
from carecoord.events.vocabulary import Discipline, GoalStatus


class NoteEvent(Event):
    topic = Topic.NOTES

    note_id: str
    appointment_id: str
    author_id: str
    discipline: Discipline


class NoteSigned(NoteEvent):
    type = "carecoord.note.signed.v1"

    visit_on: date
    signed_at: datetime
    billable_units: int


class NoteAmended(NoteEvent):
    type = "carecoord.note.amended.v1"

    addendum_id: str


class NoteOverdue(NoteEvent):
    type = "carecoord.note.overdue.v1"

    due_at: datetime


class GoalProgress(BaseModel):
    goal_id: str
    metric: str
    value: float
    change_from_baseline: float
    change_from_previous: float | None
    status: GoalStatus


class ProgressRecorded(Event):
    type = "carecoord.progress.recorded.v1"
    topic = Topic.NOTES

    note_id: str
    care_plan_id: str
    discipline: Discipline
    visit_on: date
    pain_before: int | None = Field(None, ge=0, le=10)
    pain_after: int | None = Field(None, ge=0, le=10)
    goals: list[GoalProgress]


class ProgressReportReady(Event):
    type = "carecoord.progress_report.ready.v1"
    topic = Topic.NOTES

    report_id: str
    care_plan_id: str
    referring_physician_id: str
    milestone: str = Field(
        description="every_n_visits, end_of_series, or discharge_summary (when the referral is closed, "
        "so the physician hears how the episode ended even after cancellations or no-shows)"
    )
    visits_completed: int


class CareTeamAlert(Event):
    type = "carecoord.careteam.alert.v1"
    topic = Topic.NOTES

    alert_id: str
    care_plan_id: str | None
    kind: str = Field(
        description="adverse_response, strong_soreness, new_precaution, precaution_override (a note "
        "signed with a reason although it records what a precaution forbids; the referring physician "
        "is told too), progress_note_due (physical therapy: the next visit is the 10th treatment day "
        "since the last progress note) or progress_note_overdue (a daily note signed past it)"
    )
    discipline: Discipline
    note_id: str
    raised_by: str
