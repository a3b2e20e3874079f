"""The referring physician certifies the plan of care, as payers require before therapy is paid:
once at the start, again every 90 days, and again whenever the goals or the frequency change.

A certification records what was certified (the goals and each discipline's frequency), so a
later edit of either makes the plan due for recertification while other edits (the care team,
precautions) do not."""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from referrals.domain.care_plan import CarePlan

RECERTIFY_AFTER = timedelta(days=90)


class CertificationState(StrEnum):
    UNCERTIFIED = "uncertified"
    CERTIFIED = "certified"
    RECERTIFICATION_DUE = "recertification_due"


@dataclass(frozen=True)
class Certification:
    plan_version: int
    certified_by: str
    certified_at: datetime
    terms: dict[str, Any]


@dataclass(frozen=True)
class CertificationStatus:
    state: CertificationState
    latest: Certification | None
    recertify_by: date | None
    reason: str | None


class NotTheReferringPhysician(Exception):
    """Only the physician who referred the patient certifies the plan."""


def certified_terms(plan: CarePlan) -> dict[str, Any]:
    """What a certification covers: the goals and each discipline's frequency and duration."""
    return {
        "goals": [{k: str(v) for k, v in asdict(goal).items()} for goal in plan.content.goals],
        "frequency": {
            str(item.discipline): [item.visits_per_week, item.weeks] for item in plan.content.items
        },
    }


def certify(plan: CarePlan, physician_id: str, at: datetime) -> Certification:
    if physician_id != plan.referring_physician_id:
        raise NotTheReferringPhysician(physician_id)
    return Certification(plan.version, physician_id, at, certified_terms(plan))


def certification_status(plan: CarePlan, latest: Certification | None, today: date) -> CertificationStatus:
    if latest is None:
        return CertificationStatus(CertificationState.UNCERTIFIED, None, None, "never certified")
    recertify_by = latest.certified_at.date() + RECERTIFY_AFTER
    if latest.terms != certified_terms(plan):
        reason = "the goals or the frequency changed since the last certification"
        return CertificationStatus(CertificationState.RECERTIFICATION_DUE, latest, today, reason)
    if today > recertify_by:
        reason = f"certifications last {RECERTIFY_AFTER.days} days"
        return CertificationStatus(CertificationState.RECERTIFICATION_DUE, latest, recertify_by, reason)
    return CertificationStatus(CertificationState.CERTIFIED, latest, recertify_by, None)
