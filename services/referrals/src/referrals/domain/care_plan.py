"""The shared care plan: goals, one plan item per discipline, the care team and the authorization.

It is versioned: an edit names the version it was based on, and an edit based on anything but the
current version is refused (``StalePlan``), so two providers editing at once never lose an update.
Only people move the version: measured progress against the goals is kept beside the plan
(``referrals.domain.goals``), so a signed note never makes a clinician's open copy stale."""

import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from carecoord.events.vocabulary import BillingRule, Comparator, Discipline, Precaution, Technique


@dataclass(frozen=True)
class Goal:
    goal_id: str
    metric: str
    body_region: str | None
    baseline: float
    target: float
    comparator: Comparator
    due_on: date


@dataclass(frozen=True)
class GoalDraft:
    """A goal as an editor writes it; ``goal_id`` names an existing goal to keep its progress."""

    metric: str
    body_region: str | None
    baseline: float
    target: float
    comparator: Comparator
    due_on: date
    goal_id: str | None = None


@dataclass(frozen=True)
class PlanItem:
    discipline: Discipline
    visits_per_week: int
    weeks: int
    window_start: date
    window_end: date
    techniques: tuple[Technique, ...]
    precautions: tuple[Precaution, ...]
    spot_work_allowed: bool


@dataclass(frozen=True)
class TeamMember:
    provider_id: str
    discipline: Discipline | None
    coordinator: bool = False


@dataclass(frozen=True)
class Authorization:
    valid_from: date
    valid_to: date
    visits_authorized: dict[Discipline, int]
    payer_counts_missed: bool = False
    billing_rule: BillingRule = BillingRule.CMS_EIGHT_MINUTE


@dataclass(frozen=True)
class PlanContent:
    conditions: tuple[str, ...]
    goals: tuple[Goal, ...]
    items: tuple[PlanItem, ...]
    team: tuple[TeamMember, ...]
    authorization: Authorization | None


@dataclass(frozen=True)
class PlanEdit:
    """Each field left None is kept as it is; a given list replaces the whole list."""

    goals: tuple[GoalDraft, ...] | None = None
    items: tuple[PlanItem, ...] | None = None
    team: tuple[TeamMember, ...] | None = None
    authorization: Authorization | None = None


@dataclass(frozen=True)
class CarePlan:
    clinic_id: str
    patient_id: str
    referral_id: str
    referring_physician_id: str
    content: PlanContent
    version: int = 1
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def provider_for(self, discipline: Discipline) -> str | None:
        return next((m.provider_id for m in self.content.team if m.discipline is discipline), None)

    @property
    def member_ids(self) -> frozenset[str]:
        return frozenset(member.provider_id for member in self.content.team)


class StalePlan(Exception):
    def __init__(self, current: int, expected: int) -> None:
        super().__init__(f"the plan is at version {current}, the edit was based on version {expected}")
        self.current = current


class InvalidPlan(ValueError):
    """An edit that breaks a plan rule; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def edited(plan: CarePlan, edit: PlanEdit, expected_version: int) -> CarePlan:
    if expected_version != plan.version:
        raise StalePlan(plan.version, expected_version)
    old = plan.content
    content = PlanContent(
        conditions=old.conditions,
        goals=old.goals if edit.goals is None else merge_goals(old.goals, edit.goals),
        items=old.items if edit.items is None else edit.items,
        team=old.team if edit.team is None else edit.team,
        authorization=old.authorization if edit.authorization is None else edit.authorization,
    )
    check_plan(content)
    return replace(plan, content=content, version=plan.version + 1)


def merge_goals(current: tuple[Goal, ...], drafts: tuple[GoalDraft, ...]) -> tuple[Goal, ...]:
    """New goals get an id; a draft naming an existing goal keeps that id, and so its progress."""
    known = {goal.goal_id for goal in current}
    merged = []
    for index, draft in enumerate(drafts):
        if draft.goal_id is not None and draft.goal_id not in known:
            raise InvalidPlan(f"goals.{index}.goal_id", "names no goal of this plan")
        merged.append(
            Goal(
                goal_id=draft.goal_id or str(uuid.uuid4()),
                metric=draft.metric,
                body_region=draft.body_region,
                baseline=draft.baseline,
                target=draft.target,
                comparator=draft.comparator,
                due_on=draft.due_on,
            )
        )
    return tuple(merged)


def check_plan(content: PlanContent) -> None:
    """One plan item and at most one provider per discipline, at most one coordinator, and a
    team whose disciplines the plan actually has."""
    disciplines = [item.discipline for item in content.items]
    if len(set(disciplines)) != len(disciplines):
        raise InvalidPlan("disciplines", "one plan item per discipline")
    for index, item in enumerate(content.items):
        if item.window_end < item.window_start:
            raise InvalidPlan(f"disciplines.{index}.window_end", "ends before it starts")
    team_disciplines = [m.discipline for m in content.team if m.discipline is not None]
    if len(set(team_disciplines)) != len(team_disciplines):
        raise InvalidPlan("care_team", "one provider per discipline")
    if sum(member.coordinator for member in content.team) > 1:
        raise InvalidPlan("care_team", "at most one coordinator")
    outside = set(team_disciplines) - set(disciplines)
    if outside:
        raise InvalidPlan("care_team", f"the plan has no item for {', '.join(sorted(outside))}")
