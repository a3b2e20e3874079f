"""Request and response models of the referrals API, kept apart from the tables."""

from datetime import date, datetime
from typing import Annotated, Any

from carecoord.events.vocabulary import BillingRule, Discipline, Precaution
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from referrals.adapters.icd10cm import current_release
from referrals.domain.diagnosis_codes import with_dot
from referrals.domain.identifiers import is_valid_npi
from referrals.domain.lifecycle import ReferralStatus
from referrals.domain.vocabulary import Condition, Laterality, Region, Urgency, body_region_code


def _npi(value: str) -> str:
    if not is_valid_npi(value):
        raise ValueError("must be a 10-digit NPI with a valid check digit")
    return value


def _icd10(value: str) -> str:
    problem = current_release().problem(value)
    if problem is not None:
        raise ValueError(problem)
    return with_dot(value)


Npi = Annotated[str, AfterValidator(_npi)]
Icd10Code = Annotated[str, AfterValidator(_icd10)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
VisitCount = Annotated[int, Field(ge=0, le=500)]


class WriteModel(BaseModel):
    """Unknown and server-owned fields are refused, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class PatientIn(WriteModel):
    mrn: Annotated[
        str, Field(min_length=1, max_length=64, description="Medical record number in this clinic")
    ]
    given_name: ShortText
    family_name: ShortText


class PhysicianIn(WriteModel):
    name: ShortText
    npi: Npi


class RequestedDisciplineIn(WriteModel):
    discipline: Discipline
    visits_per_week: Annotated[int, Field(ge=1, le=7)]
    weeks: Annotated[int, Field(ge=1, le=52)]


class BodyRegionIn(WriteModel):
    region: Region
    laterality: Laterality | None = None

    @model_validator(mode="after")
    def _laterality_fits_region(self) -> "BodyRegionIn":
        body_region_code(self.region, self.laterality)
        return self

    @property
    def code(self) -> str:
        return body_region_code(self.region, self.laterality)


class AuthorizationIn(WriteModel):
    """Visits authorised per discipline inside a validity window (both days included)."""

    valid_from: date
    valid_to: date
    visits_authorized: Annotated[dict[Discipline, VisitCount], Field(min_length=1)]
    payer_counts_missed: bool = Field(
        False, description="The payer counts no-shows and late cancellations as used visits"
    )
    billing_rule: BillingRule = Field(
        BillingRule.CMS_EIGHT_MINUTE,
        description="cms_8_minute: the day's total timed minutes decide the units; per_code: each code alone",
    )

    @field_validator("valid_to")
    @classmethod
    def _after_valid_from(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("valid_from")
        if start is not None and value < start:
            raise ValueError("must not be before valid_from")
        return value


class InsuranceIn(AuthorizationIn):
    payer: ShortText
    member_id: Code
    authorization_number: Code | None = None


class ReferralCreate(WriteModel):
    patient: PatientIn
    referring_physician: PhysicianIn
    diagnosis_codes: Annotated[list[Icd10Code], Field(min_length=1, max_length=12)]
    conditions: Annotated[list[Condition], Field(max_length=20)] = []
    other_conditions: (
        Annotated[str, Field(max_length=500, description="Free text beside the coded list")] | None
    ) = None
    body_regions: Annotated[list[BodyRegionIn], Field(max_length=20)] = []
    requested_disciplines: Annotated[list[RequestedDisciplineIn], Field(min_length=1, max_length=3)]
    precautions: Annotated[list[Precaution], Field(max_length=20)] = []
    urgency: Urgency = Urgency.ROUTINE
    insurance: InsuranceIn | None = None

    def errors_against_authorization(self) -> list[dict[str, Any]]:
        """Rules across fields, with the path of the field to fix."""
        if self.insurance is None:
            return []
        errors = []
        requested = {item.discipline for item in self.requested_disciplines}
        for discipline in self.insurance.visits_authorized.keys() - requested:
            loc = ["body", "insurance", "visits_authorized", str(discipline)]
            errors.append(_error(loc, "is not a requested discipline"))
        return errors


def _error(loc: list[Any], message: str) -> dict[str, Any]:
    return {"loc": loc, "msg": message, "type": "value_error"}


class StatusChangeIn(WriteModel):
    reason_code: Code | None = None


class RequestedDisciplinePublic(BaseModel):
    discipline: Discipline
    visits_per_week: int
    weeks: int


class InsurancePublic(BaseModel):
    payer: str
    member_id: str
    authorization_number: str | None
    valid_from: date
    valid_to: date
    visits_authorized: dict[Discipline, int]


class TransitionPublic(BaseModel):
    from_status: ReferralStatus | None
    to_status: ReferralStatus
    actor: str
    at: datetime
    reason_code: str | None


class WarningPublic(BaseModel):
    field: str
    code: str
    message: str


class ReferralPublic(BaseModel):
    id: str
    patient_id: str
    referring_physician_id: str
    referring_physician_name: str
    referring_physician_npi: str
    diagnosis_codes: list[str]
    conditions: list[str]
    other_conditions: str | None
    body_regions: list[str]
    requested_disciplines: list[RequestedDisciplinePublic]
    precautions: list[str]
    urgency: str
    insurance: InsurancePublic | None
    status: ReferralStatus
    received_at: datetime
    care_plan_id: str | None
    history: list[TransitionPublic]
    warnings: list[WarningPublic] = Field(
        description="What the clinic must act on, e.g. an authorization that needs a renewal"
    )


class PatientPublic(BaseModel):
    mrn: str
    given_name: str
    family_name: str


class ReferralDetail(ReferralPublic):
    """One referral as its readers see it, with the patient it is for."""

    patient: PatientPublic


class ReferralSummary(BaseModel):
    id: str
    patient_id: str
    referring_physician_id: str
    status: ReferralStatus
    urgency: str
    received_at: datetime
    care_plan_id: str | None


class ReferralPage(BaseModel):
    items: list[ReferralSummary]
    next_offset: int | None
