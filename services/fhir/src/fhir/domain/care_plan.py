"""The shared care plan (the referrals service's JSON) as FHIR: CarePlan, its Goals and its CareTeam.

A Goal's id is the plan's id and the start of the goal's own id (``<plan>.<goal id, 13 characters>``):
FHIR ids are at most 64 characters, two UUIDs are 73, and a read needs the plan to find the goal."""

from typing import Any

from fhir.domain.terms import DISCIPLINE, GOAL_ACHIEVEMENT, MEASURE, coding, concept, reference

Json = dict[str, Any]
GOAL_KEY_LENGTH = 13

# carecoord.goal_status -> http://terminology.hl7.org/CodeSystem/goal-achievement
ACHIEVEMENT = {
    "not_started": "in-progress",
    "improving": "improving",
    "no_change": "no-change",
    "worsening": "worsening",
    "met": "achieved",
    "not_met": "not-achieved",
}


def goal_id(plan: Json, goal: Json) -> str:
    return f"{plan['id']}.{goal['goal_id'][:GOAL_KEY_LENGTH]}"


def split_goal_id(fhir_id: str) -> tuple[str, str] | None:
    plan_id, _, key = fhir_id.rpartition(".")
    return (plan_id, key) if plan_id and len(key) == GOAL_KEY_LENGTH else None


def care_plan(plan: Json) -> Json:
    return {
        "resourceType": "CarePlan",
        "id": plan["id"],
        "meta": {"versionId": str(plan["version"])},
        "basedOn": [{"reference": f"ServiceRequest/{plan['referral_id']}"}],
        "status": "active",
        "intent": "plan",
        "title": "Shared care plan",
        "subject": reference("Patient", plan["patient_id"]),
        "careTeam": [{"reference": f"CareTeam/{plan['id']}"}],
        "goal": [{"reference": f"Goal/{goal_id(plan, goal)}"} for goal in plan["goals"]],
        "activity": [{"detail": _activity(item)} for item in plan["disciplines"]],
    }


def goal(plan: Json, item: Json) -> Json:
    at_most = item["comparator"] == "at_most"
    bound = {"value": item["target"]}
    resource: Json = {
        "resourceType": "Goal",
        "id": goal_id(plan, item),
        "lifecycleStatus": "completed" if item["status"] == "met" else "active",
        "achievementStatus": {"coding": [coding(GOAL_ACHIEVEMENT, ACHIEVEMENT[item["status"]])]},
        "description": {
            "text": f"{item['metric'].replace('_', ' ')} {'at most' if at_most else 'at least'} "
            f"{item['target']:g} by {item['due_on']} (baseline {item['baseline']:g})"
        },
        "subject": reference("Patient", plan["patient_id"]),
        "target": [
            {
                "measure": concept(MEASURE, item["metric"]),
                "detailRange": {"high": bound} if at_most else {"low": bound},
                "dueDate": item["due_on"],
            }
        ],
    }
    if item.get("latest_on"):
        resource["statusDate"] = item["latest_on"]
        resource["note"] = [{"text": f"latest {item['latest_value']:g} on {item['latest_on']}"}]
    return resource


def care_team(plan: Json) -> Json:
    return {
        "resourceType": "CareTeam",
        "id": plan["id"],
        "status": "active",
        "subject": reference("Patient", plan["patient_id"]),
        "participant": [_participant(member) for member in plan["care_team"]],
    }


def _participant(member: Json) -> Json:
    participant: Json = {"member": reference("Practitioner", member["provider_id"])}
    if member.get("discipline"):
        participant["role"] = [concept(DISCIPLINE, member["discipline"])]
    return participant


def _activity(item: Json) -> Json:
    detail: Json = {
        "kind": "ServiceRequest",
        "code": concept(DISCIPLINE, item["discipline"]),
        "status": "in-progress",
        "scheduledTiming": {
            "repeat": {
                "boundsPeriod": {"start": item["window_start"], "end": item["window_end"]},
                "frequency": item["visits_per_week"],
                "period": 1,
                "periodUnit": "wk",
            }
        },
    }
    if item.get("provider_id"):
        detail["performer"] = [reference("Practitioner", item["provider_id"])]
    return detail
