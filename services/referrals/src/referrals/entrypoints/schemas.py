"""Request and response models of the referrals API, kept apart from the tables."""

from datetime import datetime
from typing import Annotated

from carecoord.events.vocabulary import Discipline
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from referrals.domain.identifiers import is_valid_icd10_cm, is_valid_npi
from referrals.domain.model import ReferralStatus


def _npi(value: str) -> str:
    if not is_valid_npi(value):
        raise ValueError("must be a 10-digit NPI with a valid check digit")
    return value


def _icd10(value: str) -> str:
    code = value.strip().upper()
    if not is_valid_icd10_cm(code):
        raise ValueError("must be an ICD-10-CM code such as M54.50")
    return code


Npi = Annotated[str, AfterValidator(_npi)]
Icd10Code = Annotated[str, AfterValidator(_icd10)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


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


class ReferralCreate(WriteModel):
    patient: PatientIn
    referring_physician: PhysicianIn
    diagnosis_codes: Annotated[list[Icd10Code], Field(min_length=1, max_length=12)]
    conditions: Annotated[list[ShortText], Field(max_length=20)] = []
    requested_disciplines: Annotated[list[RequestedDisciplineIn], Field(min_length=1, max_length=3)]


class RequestedDisciplinePublic(BaseModel):
    discipline: Discipline
    visits_per_week: int
    weeks: int


class ReferralPublic(BaseModel):
    id: str
    patient_id: str
    referring_physician_id: str
    referring_physician_npi: str
    diagnosis_codes: list[str]
    conditions: list[str]
    requested_disciplines: list[RequestedDisciplinePublic]
    status: ReferralStatus
    received_at: datetime
