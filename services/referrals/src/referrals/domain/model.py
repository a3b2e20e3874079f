"""The referral as the clinic receives it from a physician."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from carecoord.events.vocabulary import BillingRule, Discipline, Precaution

from referrals.domain.lifecycle import ReferralStatus
from referrals.domain.vocabulary import Condition, Urgency


@dataclass(frozen=True)
class RequestedDiscipline:
    """A frequency and a duration, the FHIR ``Timing.repeat`` idea: 2 visits a week for 6 weeks."""

    discipline: Discipline
    visits_per_week: int
    weeks: int

    @property
    def visits(self) -> int:
        return self.visits_per_week * self.weeks


@dataclass(frozen=True)
class Insurance:
    payer: str
    member_id: str
    authorization_number: str | None
    valid_from: date
    valid_to: date
    visits_authorized: dict[Discipline, int]
    payer_counts_missed: bool = False
    billing_rule: BillingRule = BillingRule.CMS_EIGHT_MINUTE

    @property
    def window_days(self) -> int:
        return (self.valid_to - self.valid_from).days + 1


@dataclass(frozen=True)
class PatientDetails:
    mrn: str
    given_name: str
    family_name: str


@dataclass(frozen=True)
class PlacerIdentifier:
    """The referral's identifier in the referring physician's system (FHIR ServiceRequest.identifier):
    a referral sent again with the same one is the same referral."""

    system: str
    value: str


@dataclass(frozen=True)
class Transition:
    from_status: ReferralStatus | None
    to_status: ReferralStatus
    actor: str
    at: datetime
    reason_code: str | None = None


@dataclass
class Referral:
    clinic_id: str
    patient_id: str
    referring_physician_id: str
    referring_physician_npi: str
    diagnosis_codes: list[str]
    conditions: list[Condition]
    requested: list[RequestedDiscipline]
    referring_physician_name: str = ""
    other_conditions: str | None = None
    body_regions: list[str] = field(default_factory=list)
    precautions: list[Precaution] = field(default_factory=list)
    urgency: Urgency = Urgency.ROUTINE
    insurance: Insurance | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: ReferralStatus = ReferralStatus.RECEIVED
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    care_plan_id: str | None = None
    history: list[Transition] = field(default_factory=list)
    placer_identifier: PlacerIdentifier | None = None
    patient: PatientDetails | None = None  # loaded with one referral, not with search results

    @property
    def received_on(self) -> date:
        return self.received_at.date()

    def warnings(self) -> list["ReferralWarning"]:
        """What the clinic must act on without refusing the referral: a series longer than the
        authorization's window is accepted, and needs a renewal before it ends."""
        if self.insurance is None:
            return []
        window = self.insurance.window_days
        return [
            ReferralWarning(
                f"requested_disciplines.{index}.weeks",
                "authorization_renewal_needed",
                f"{asked.weeks} weeks of {asked.discipline} requested; the authorization covers "
                f"{window} days, so it needs a renewal before the series ends",
            )
            for index, asked in enumerate(self.requested)
            if asked.weeks * 7 > window
        ]


@dataclass(frozen=True)
class ReferralWarning:
    field: str
    code: str
    message: str


def window_end(start: date, weeks: int) -> date:
    """The last day of a series of ``weeks`` weeks starting on ``start``."""
    return start + timedelta(days=weeks * 7 - 1)
