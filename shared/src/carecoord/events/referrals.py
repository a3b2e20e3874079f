"""Events the referrals service publishes on ``carecoord.referrals``.

Every referral status change names the referring physician, so notifications can close the loop.
Care plan events carry the whole plan with its version: a consumer rebuilds its projection from
the latest one and ignores an older version that arrives late. A version is a person's edit; measured
progress against the goals travels in ``carecoord.progress.recorded.v1`` from the notes service.
"""

from datetime import date, datetime

from pydantic import BaseModel, Field

from carecoord.events.base import Event
from carecoord.events.topics import Topic
from carecoord.events.vocabulary import BillingRule, Comparator, Discipline


class ReferralEvent(Event):
    topic = Topic.REFERRALS

    referral_id: str
    referring_physician_id: str = Field(description="Subject of the referring physician's identity")


class ReferralReceived(ReferralEvent):
    type = "carecoord.referral.received.v1"

    referring_physician_npi: str
    diagnosis_codes: list[str] = Field(description="ICD-10-CM codes")
    conditions: list[str]
    requested_disciplines: list[Discipline]
    received_on: date


class ReferralAccepted(ReferralEvent):
    type = "carecoord.referral.accepted.v1"

    care_plan_id: str


class ReferralDeclined(ReferralEvent):
    type = "carecoord.referral.declined.v1"

    reason_code: str = Field(description="e.g. outside_scope, no_capacity, insurance_not_accepted, other")


class ReferralActivated(ReferralEvent):
    type = "carecoord.referral.activated.v1"


class ReferralClosed(ReferralEvent):
    type = "carecoord.referral.closed.v1"

    outcome: str = Field(description="completed or cancelled")
    reason_code: str | None = None
    care_plan_id: str | None = Field(None, description="The plan of an accepted referral")


class GoalSnapshot(BaseModel):
    goal_id: str
    metric: str = Field(description="e.g. pain_nrs, cervical_rotation_deg, oswestry_odi")
    body_region: str | None
    baseline: float
    target: float
    comparator: Comparator
    due_on: date


class DisciplinePlan(BaseModel):
    discipline: Discipline
    visits_per_week: int
    weeks: int
    window_start: date
    window_end: date
    techniques: list[str]
    precautions: list[str] = Field(description="Coded precautions, e.g. no_deep_pressure")
    spot_work_allowed: bool
    requires_authorization: bool = Field(
        False, description="Booked only under an authorization; otherwise uncovered visits are self-pay"
    )
    provider_id: str | None


class CareTeamMember(BaseModel):
    provider_id: str
    discipline: Discipline | None = Field(description="None for a coordinator without a discipline")
    coordinator: bool = False


class AuthorizationSnapshot(BaseModel):
    valid_from: date
    valid_to: date
    visits_authorized: dict[Discipline, int]
    payer_counts_missed: bool = Field(
        False, description="The payer counts no-shows and late cancellations as used visits"
    )
    billing_rule: BillingRule = Field(
        BillingRule.CMS_EIGHT_MINUTE, description="How the payer counts timed units"
    )


class CarePlanSnapshot(Event):
    topic = Topic.REFERRALS

    care_plan_id: str
    referral_id: str
    referring_physician_id: str
    version: int
    conditions: list[str]
    goals: list[GoalSnapshot]
    disciplines: list[DisciplinePlan]
    care_team: list[CareTeamMember]
    authorization: AuthorizationSnapshot | None


class CarePlanCreated(CarePlanSnapshot):
    type = "carecoord.careplan.created.v1"


class CarePlanUpdated(CarePlanSnapshot):
    type = "carecoord.careplan.updated.v1"


class CarePlanCertified(Event):
    type = "carecoord.careplan.certified.v1"
    topic = Topic.REFERRALS

    care_plan_id: str
    version: int = Field(description="The care plan version the physician certified")
    certified_by: str
    referring_physician_id: str
    certified_at: datetime


class CareTeamChanged(Event):
    type = "carecoord.careteam.changed.v1"
    topic = Topic.REFERRALS

    care_plan_id: str
    version: int = Field(description="The care plan version this team belongs to")
    referring_physician_id: str
    members: list[CareTeamMember]
    added: list[str]
    removed: list[str]


class AuthorizationThresholdReached(Event):
    type = "carecoord.authorization.threshold_reached.v1"
    topic = Topic.REFERRALS

    care_plan_id: str
    discipline: Discipline
    visits_authorized: int
    visits_used: int
    threshold_percent: int


class AuthorizationExpiring(Event):
    type = "carecoord.authorization.expiring.v1"
    topic = Topic.REFERRALS

    care_plan_id: str
    valid_to: date
    days_remaining: int


class AuthorizationExpired(Event):
    type = "carecoord.authorization.expired.v1"
    topic = Topic.REFERRALS

    care_plan_id: str
    valid_to: date


class AuthorizationExhausted(Event):
    type = "carecoord.authorization.exhausted.v1"
    topic = Topic.REFERRALS

    care_plan_id: str
    discipline: Discipline
    visits_authorized: int
    visits_used: int
