"""The referral as the clinic receives it from a physician."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from carecoord.events.vocabulary import Discipline


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class RequestedDiscipline:
    discipline: Discipline
    visits_per_week: int
    weeks: int


@dataclass
class Referral:
    clinic_id: str
    patient_id: str
    referring_physician_id: str
    referring_physician_npi: str
    diagnosis_codes: list[str]
    conditions: list[str]
    requested: list[RequestedDiscipline]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: ReferralStatus = ReferralStatus.RECEIVED
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def received_on(self) -> date:
        return self.received_at.date()
