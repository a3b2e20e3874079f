"""What notes needs to know of the shared care plan: goals, precautions, planned visits."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from carecoord.events.vocabulary import BillingRule, Comparator

from notes.domain.progress import Goal


@dataclass(frozen=True)
class CarePlan:
    care_plan_id: str
    clinic_id: str
    patient_id: str
    referring_physician_id: str
    goals: list[Goal]
    precautions: frozenset[str]
    planned_visits: dict[str, int]
    visits_authorized: dict[str, int] | None
    billing_rule: BillingRule = BillingRule.CMS_EIGHT_MINUTE

    @classmethod
    def from_snapshot(
        cls,
        care_plan_id: str,
        clinic_id: str,
        patient_id: str,
        referring_physician_id: str,
        snapshot: dict[str, Any],
    ) -> "CarePlan":
        disciplines = snapshot.get("disciplines", [])
        authorization = snapshot.get("authorization")
        return cls(
            care_plan_id=care_plan_id,
            clinic_id=clinic_id,
            patient_id=patient_id,
            referring_physician_id=referring_physician_id,
            goals=[
                Goal(
                    goal_id=goal["goal_id"],
                    metric=goal["metric"],
                    body_region=goal.get("body_region"),
                    baseline=float(goal["baseline"]),
                    target=float(goal["target"]),
                    comparator=Comparator(goal["comparator"]),
                    due_on=date.fromisoformat(goal["due_on"]),
                )
                for goal in snapshot.get("goals", [])
            ],
            precautions=frozenset(p for plan in disciplines for p in plan.get("precautions", [])),
            planned_visits={
                plan["discipline"]: plan["visits_per_week"] * plan["weeks"] for plan in disciplines
            },
            visits_authorized=dict(authorization["visits_authorized"]) if authorization else None,
            billing_rule=BillingRule(authorization.get("billing_rule", BillingRule.CMS_EIGHT_MINUTE))
            if authorization
            else BillingRule.CMS_EIGHT_MINUTE,
        )
