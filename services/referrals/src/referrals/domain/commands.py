from dataclasses import dataclass
from datetime import date

from carecoord.events.vocabulary import Precaution

from referrals.domain.acceptance import PlanItemDraft
from referrals.domain.care_plan import GoalDraft, PlanEdit, TeamMember
from referrals.domain.lifecycle import ReferralStatus
from referrals.domain.model import Insurance, PatientDetails, PlacerIdentifier, RequestedDiscipline
from referrals.domain.vocabulary import Condition, Urgency


@dataclass(frozen=True)
class ReceiveReferral:
    clinic_id: str
    patient: PatientDetails
    referring_physician_id: str
    referring_physician_npi: str
    diagnosis_codes: list[str]
    conditions: list[Condition]
    requested: list[RequestedDiscipline]
    referring_physician_name: str = ""
    other_conditions: str | None = None
    body_regions: tuple[str, ...] = ()
    precautions: tuple[Precaution, ...] = ()
    urgency: Urgency = Urgency.ROUTINE
    insurance: Insurance | None = None
    placer_identifier: PlacerIdentifier | None = None


@dataclass(frozen=True)
class AcceptReferral:
    clinic_id: str
    referral_id: str
    actor: str
    start_on: date
    goals: tuple[GoalDraft, ...]
    plan_items: tuple[PlanItemDraft, ...]
    care_team: tuple[TeamMember, ...]


@dataclass(frozen=True)
class ChangeReferralStatus:
    """Decline, activate, complete or cancel: every transition but acceptance."""

    clinic_id: str
    referral_id: str
    actor: str
    to: ReferralStatus
    reason_code: str | None = None


@dataclass(frozen=True)
class CertifyCarePlan:
    clinic_id: str
    care_plan_id: str
    physician_id: str
    expected_version: int


@dataclass(frozen=True)
class EditCarePlan:
    clinic_id: str
    care_plan_id: str
    actor: str
    expected_version: int
    edit: PlanEdit
