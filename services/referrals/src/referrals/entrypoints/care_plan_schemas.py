"""Request and response models of the care plan API. Goal status and progress, plan versions and
the budget used are the service's to write, so no write model has them."""

from datetime import date, datetime
from typing import Annotated, Any

from carecoord.events.vocabulary import BillingRule, Comparator, Discipline, GoalStatus, Precaution, Technique
from carecoord.pagination import Page
from pydantic import BaseModel, Field, model_validator

from referrals.domain.acceptance import PlanItemDraft
from referrals.domain.care_plan import Authorization, GoalDraft, PlanEdit, PlanItem, TeamMember
from referrals.domain.certification import CertificationState
from referrals.domain.model import window_end
from referrals.entrypoints.schemas import AuthorizationIn, BodyRegionIn, ShortText, WriteModel

Metric = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$", description="e.g. pain_nrs, cervical_rotation_deg")
]


class GoalIn(WriteModel):
    goal_id: Annotated[str, Field(max_length=64, description="Only to keep an existing goal")] | None = None
    metric: Metric
    body_region: BodyRegionIn | None = None
    baseline: float
    target: float
    comparator: Comparator
    due_on: date

    def to_draft(self) -> GoalDraft:
        region = self.body_region.code if self.body_region else None
        return GoalDraft(
            self.metric, region, self.baseline, self.target, self.comparator, self.due_on, self.goal_id
        )


class TeamMemberIn(WriteModel):
    provider_id: ShortText
    discipline: Discipline | None = None
    coordinator: bool = False

    def to_member(self) -> TeamMember:
        return TeamMember(self.provider_id, self.discipline, self.coordinator)


class PlanItemIn(WriteModel):
    discipline: Discipline
    techniques: Annotated[list[Technique], Field(max_length=20)] = []
    precautions: Annotated[list[Precaution], Field(max_length=20)] = []
    spot_work_allowed: bool = False
    requires_authorization: bool = Field(
        False,
        description="Book this discipline only under an insurance authorization; otherwise a "
        "discipline the authorization does not cover is booked as self-pay",
    )

    def to_draft(self) -> PlanItemDraft:
        return PlanItemDraft(
            self.discipline,
            tuple(self.techniques),
            tuple(self.precautions),
            self.spot_work_allowed,
            self.requires_authorization,
        )


class AcceptReferralIn(WriteModel):
    start_on: date | None = Field(None, description="First day of every discipline's window; today if absent")
    goals: Annotated[list[GoalIn], Field(min_length=1, max_length=20)]
    plan_items: Annotated[list[PlanItemIn], Field(max_length=3)] = []
    care_team: Annotated[list[TeamMemberIn], Field(min_length=1, max_length=10)]


class PlanItemEditIn(PlanItemIn):
    visits_per_week: Annotated[int, Field(ge=1, le=7)]
    weeks: Annotated[int, Field(ge=1, le=52)]
    window_start: date

    def to_item(self) -> PlanItem:
        return PlanItem(
            discipline=self.discipline,
            visits_per_week=self.visits_per_week,
            weeks=self.weeks,
            window_start=self.window_start,
            window_end=window_end(self.window_start, self.weeks),
            techniques=tuple(self.techniques),
            precautions=tuple(self.precautions),
            spot_work_allowed=self.spot_work_allowed,
            requires_authorization=self.requires_authorization,
        )


class CarePlanPatch(WriteModel):
    """Fields left out are kept; a list given replaces the whole list."""

    goals: Annotated[list[GoalIn], Field(min_length=1, max_length=20)] | None = None
    disciplines: Annotated[list[PlanItemEditIn], Field(min_length=1, max_length=3)] | None = None
    care_team: Annotated[list[TeamMemberIn], Field(min_length=1, max_length=10)] | None = None
    authorization: AuthorizationIn | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> "CarePlanPatch":
        if all(value is None for _, value in self):
            raise ValueError("name at least one of goals, disciplines, care_team, authorization")
        return self

    def to_edit(self) -> PlanEdit:
        auth = self.authorization
        return PlanEdit(
            goals=tuple(goal.to_draft() for goal in self.goals) if self.goals is not None else None,
            items=tuple(item.to_item() for item in self.disciplines)
            if self.disciplines is not None
            else None,
            team=tuple(m.to_member() for m in self.care_team) if self.care_team is not None else None,
            authorization=Authorization(
                auth.valid_from,
                auth.valid_to,
                dict(auth.visits_authorized),
                auth.payer_counts_missed,
                auth.billing_rule,
            )
            if auth
            else None,
        )


class GoalPublic(BaseModel):
    goal_id: str
    metric: str
    body_region: str | None
    baseline: float
    target: float
    comparator: Comparator
    due_on: date
    status: GoalStatus
    latest_value: float | None
    latest_on: date | None


class PlanItemPublic(BaseModel):
    discipline: Discipline
    visits_per_week: int
    weeks: int
    window_start: date
    window_end: date
    techniques: list[str]
    precautions: list[str]
    spot_work_allowed: bool
    requires_authorization: bool
    provider_id: str | None


class TeamMemberPublic(BaseModel):
    provider_id: str
    discipline: Discipline | None
    coordinator: bool


class BudgetPublic(BaseModel):
    authorized: int
    used: int = Field(description="Completed visits, and missed ones when the payer counts them")
    scheduled: int = Field(description="Booked visits not yet completed")
    remaining: int = Field(description="Visits that can still be booked: authorized - used - scheduled")


class AuthorizationPublic(BaseModel):
    valid_from: date
    valid_to: date
    visits_authorized: dict[Discipline, int]
    payer_counts_missed: bool
    billing_rule: BillingRule
    budget: dict[Discipline, BudgetPublic]


class CertificationPublic(BaseModel):
    state: CertificationState = Field(description="uncertified, certified or recertification_due")
    certified_version: int | None
    certified_by: str | None
    certified_at: datetime | None
    recertify_by: date | None = Field(description="Due date of the next certification")
    reason: str | None = Field(description="Why the plan is not (or no longer) certified")


class CarePlanPublic(BaseModel):
    id: str
    referral_id: str
    patient_id: str
    referring_physician_id: str
    version: int
    conditions: list[str]
    goals: list[GoalPublic]
    disciplines: list[PlanItemPublic]
    care_team: list[TeamMemberPublic]
    authorization: AuthorizationPublic | None
    certification: CertificationPublic


class ChangePublic(BaseModel):
    path: str
    before: Any
    after: Any


class HistoryEntryPublic(BaseModel):
    version: int
    changed_by: str
    changed_at: datetime
    changes: list[ChangePublic]


class HistoryPage(Page[HistoryEntryPublic]):
    pass
