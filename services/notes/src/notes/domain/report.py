"""The physician's progress report: every discipline's visits, goal trends and recommendations."""

from datetime import date, datetime

from carecoord.events.vocabulary import GoalStatus
from carecoord.goal_status import status_on
from pydantic import BaseModel

from notes.domain.plan import CarePlan
from notes.domain.progress import Goal, value_for


class VisitCount(BaseModel):
    discipline: str
    completed: int
    planned: int | None
    authorized: int | None


class TrendPoint(BaseModel):
    visit_on: date
    discipline: str
    value: float


class GoalTrend(BaseModel):
    goal_id: str
    metric: str
    body_region: str | None
    baseline: float
    target: float
    comparator: str
    latest_value: float | None
    status: str
    trend: list[TrendPoint]


class Recommendation(BaseModel):
    discipline: str
    visit_on: date
    next_visit_focus: str | None
    home_care: list[str]
    follow_up: str | None


class ReportBody(BaseModel):
    milestone: str
    visits_completed: int
    visits: list[VisitCount]
    goals: list[GoalTrend]
    recommendations: list[Recommendation]


class SignedVisit(BaseModel):
    """One signed note's contribution, as the report reads it."""

    discipline: str
    visit_starts_at: datetime
    measurements: dict[str, float]
    goal_statuses: dict[str, str]
    spot_work: bool = False
    next_visit_focus: str | None = None
    home_care: list[str] = []
    follow_up: str | None = None


def build_report(plan: CarePlan, milestone: str, visits: list[SignedVisit], issued_on: date) -> ReportBody:
    """``visits`` in visit order, oldest first; goal status as of ``issued_on``."""
    disciplines = sorted(
        {*plan.planned_visits, *(plan.visits_authorized or {}), *(v.discipline for v in visits)}
    )
    counts = [
        VisitCount(
            discipline=discipline,
            completed=sum(1 for visit in visits if visit.discipline == discipline and not visit.spot_work),
            planned=plan.planned_visits.get(discipline),
            authorized=(plan.visits_authorized or {}).get(discipline),
        )
        for discipline in disciplines
    ]
    latest_per_discipline = {visit.discipline: visit for visit in visits}
    return ReportBody(
        milestone=milestone,
        visits_completed=len(visits),
        visits=counts,
        goals=[_trend(goal, visits, issued_on) for goal in plan.goals],
        recommendations=[
            Recommendation(
                discipline=visit.discipline,
                visit_on=visit.visit_starts_at.date(),
                next_visit_focus=visit.next_visit_focus,
                home_care=visit.home_care,
                follow_up=visit.follow_up,
            )
            for _, visit in sorted(latest_per_discipline.items())
        ],
    )


def _trend(goal: Goal, visits: list[SignedVisit], issued_on: date) -> GoalTrend:
    points = [
        TrendPoint(visit_on=visit.visit_starts_at.date(), discipline=visit.discipline, value=value)
        for visit in visits
        if (value := value_for(goal, visit.measurements)) is not None
    ]
    statuses = [visit.goal_statuses[goal.goal_id] for visit in visits if goal.goal_id in visit.goal_statuses]
    return GoalTrend(
        goal_id=goal.goal_id,
        metric=goal.metric,
        body_region=goal.body_region,
        baseline=goal.baseline,
        target=goal.target,
        comparator=goal.comparator,
        latest_value=points[-1].value if points else None,
        status=status_on(GoalStatus(statuses[-1]) if statuses else None, goal.due_on, issued_on),
        trend=points,
    )
