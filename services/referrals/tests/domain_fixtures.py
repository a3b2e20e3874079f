"""Small builders for the pure domain tests."""

from datetime import date

from carecoord.events.vocabulary import Comparator, Discipline
from referrals.domain.care_plan import Authorization, CarePlan, Goal, PlanContent, PlanItem, TeamMember

START = date(2025, 3, 3)


def goal(goal_id: str = "g-pain", comparator: Comparator = Comparator.AT_MOST, **changes: object) -> Goal:
    fields: dict[str, object] = {
        "goal_id": goal_id,
        "metric": "pain_nrs",
        "body_region": "lumbar",
        "baseline": 7.0,
        "target": 3.0,
        "comparator": comparator,
        "due_on": date(2025, 4, 14),
    }
    return Goal(**{**fields, **changes})  # type: ignore[arg-type]


def item(discipline: Discipline = Discipline.MEDICAL_MASSAGE, weeks: int = 6) -> PlanItem:
    return PlanItem(discipline, 2, weeks, START, date(2025, 4, 13), (), (), True)


def plan(*, team: tuple[TeamMember, ...] = (TeamMember("mt-1", Discipline.MEDICAL_MASSAGE),)) -> CarePlan:
    content = PlanContent(
        conditions=("low back pain",),
        goals=(goal(),),
        items=(item(),),
        team=team,
        authorization=Authorization(START, date(2025, 4, 30), {Discipline.MEDICAL_MASSAGE: 12}),
    )
    return CarePlan("clinic-a", "patient-1", "referral-1", "dr-kim", content, id="plan-1")
