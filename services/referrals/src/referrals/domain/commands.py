from dataclasses import dataclass

from referrals.domain.model import RequestedDiscipline


@dataclass(frozen=True)
class PatientDetails:
    mrn: str
    given_name: str
    family_name: str


@dataclass(frozen=True)
class ReceiveReferral:
    clinic_id: str
    patient: PatientDetails
    referring_physician_id: str
    referring_physician_npi: str
    diagnosis_codes: list[str]
    conditions: list[str]
    requested: list[RequestedDiscipline]
