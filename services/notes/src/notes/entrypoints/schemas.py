"""Request and response models of the notes API, kept apart from the tables."""

from datetime import date, datetime
from typing import Annotated

from carecoord.events.vocabulary import BillingRule, Discipline
from carecoord.pagination import Page
from pydantic import BaseModel, ConfigDict, Field

from notes.domain.billing import BillingSummary
from notes.domain.note import Addendum, NoteStatus, SessionNote
from notes.domain.note_types import NoteType
from notes.domain.outcome_measures import OutcomeScore
from notes.domain.report import ReportBody
from notes.domain.soap import PainRating, SoapContent


class WriteModel(BaseModel):
    """Unknown and server-owned fields (status, author, signature) are refused, never dropped."""

    model_config = ConfigDict(extra="forbid")


class NoteDraftUpdate(WriteModel):
    content: SoapContent
    note_type: NoteType | None = Field(
        None,
        description="initial_evaluation, daily_note (a new draft's type), progress_note or "
        "discharge_summary; each is signed only with the fields it requires. Omitted: unchanged",
    )
    co_signer_id: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class SignatureCreate(WriteModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{}, {"precaution_override_reason": "light pressure only, cleared by Dr. Osei"}]
        }
    )

    precaution_override_reason: Annotated[str, Field(min_length=3, max_length=1000)] | None = Field(
        None,
        description="Needed only when the note records what a precaution of the plan forbids; "
        "the care team and the referring physician are alerted",
    )


class AddendumCreate(WriteModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"text": "Pain after the session was 3/10, not 5/10 as first recorded."}]
        }
    )

    text: Annotated[str, Field(min_length=1, max_length=4000)]


class AddendumPublic(BaseModel):
    id: str
    author_id: str
    text: str
    created_at: datetime


class BillingPublic(BaseModel):
    timed_minutes: dict[str, int]
    timed_units: dict[str, int]
    untimed_codes: list[str]
    billable_units: int

    @classmethod
    def of(cls, billing: BillingSummary) -> "BillingPublic":
        return cls(
            timed_minutes=billing.timed_minutes,
            timed_units=billing.timed_units,
            untimed_codes=billing.untimed_codes,
            billable_units=billing.billable_units,
        )


class OutcomeScores(BaseModel):
    oswestry: OutcomeScore | None
    neck_disability_index: OutcomeScore | None


class ClaimDayPublic(BaseModel):
    provider_id: str
    date_of_service: date
    rule: BillingRule
    note_ids: list[str]
    billing: BillingPublic


class NotePublic(BaseModel):
    id: str
    appointment_id: str
    patient_id: str
    care_plan_id: str | None
    discipline: Discipline
    author_id: str
    co_signer_id: str | None
    status: NoteStatus
    note_type: NoteType
    version: int
    visit_starts_at: datetime
    visit_ends_at: datetime
    due_at: datetime
    signed_at: datetime | None
    signed_by: str | None
    precaution_override: str | None = Field(
        description="Why the note was signed although it records what a precaution forbids"
    )
    content: SoapContent
    billing: BillingPublic
    outcome_scores: OutcomeScores
    addenda: list[AddendumPublic]

    @classmethod
    def of(cls, note: SessionNote, addenda: list[Addendum]) -> "NotePublic":
        billing = note.billing()
        measures = note.content.objective.outcome_measures
        return cls(
            id=note.id,
            appointment_id=note.visit.appointment_id,
            patient_id=note.visit.patient_id,
            care_plan_id=note.visit.care_plan_id,
            discipline=note.visit.discipline,
            author_id=note.author_id,
            co_signer_id=note.co_signer_id,
            status=note.status,
            note_type=note.note_type,
            version=note.version,
            visit_starts_at=note.visit.starts_at,
            visit_ends_at=note.visit.ends_at,
            due_at=note.due_at,
            signed_at=note.signed_at,
            signed_by=note.signed_by,
            precaution_override=note.precaution_override,
            content=note.content,
            billing=BillingPublic.of(billing),
            outcome_scores=OutcomeScores(
                oswestry=measures.oswestry_score() if measures else None,
                neck_disability_index=measures.neck_disability_score() if measures else None,
            ),
            addenda=[AddendumPublic(**item.__dict__) for item in addenda],
        )


class GoalReadingPublic(BaseModel):
    goal_id: str
    metric: str
    value: float
    change_from_baseline: float
    change_from_previous: float | None
    status: str


class ProgressEntryPublic(BaseModel):
    note_id: str
    care_plan_id: str | None
    discipline: Discipline
    author_id: str
    visit_on: date
    visit_starts_at: datetime
    pain: list[PainRating]
    measurements: dict[str, float]
    goals: list[GoalReadingPublic]
    billable_units: int


class ProgressReportPublic(BaseModel):
    id: str
    patient_id: str
    care_plan_id: str
    milestone: str
    visits_completed: int
    created_at: datetime
    body: ReportBody


class CareTeamAlertPublic(BaseModel):
    id: str
    care_plan_id: str | None
    note_id: str
    kind: str
    discipline: Discipline
    body_region: str | None
    precaution: str | None
    raised_by: str
    raised_at: datetime


class NotePage(Page[NotePublic]):
    pass
