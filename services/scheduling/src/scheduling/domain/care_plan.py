"""This service's own view of a care plan, rebuilt from the latest snapshot referrals published."""

from dataclasses import dataclass
from datetime import date

from carecoord.events.vocabulary import Discipline


@dataclass(frozen=True)
class PlannedDiscipline:
    discipline: Discipline
    visits_per_week: int
    weeks: int
    window_start: date
    window_end: date
    spot_work_allowed: bool
    provider_id: str | None
    precautions: tuple[str, ...] = ()
    requires_authorization: bool = False

    def within_window(self, day: date) -> bool:
        return self.window_start <= day <= self.window_end


@dataclass(frozen=True)
class Authorization:
    valid_from: date
    valid_to: date
    visits_authorized: dict[Discipline, int]
    payer_counts_missed: bool = False

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class CarePlan:
    id: str
    clinic_id: str
    patient_id: str
    version: int
    conditions: frozenset[str]
    disciplines: dict[Discipline, PlannedDiscipline]
    care_team: frozenset[str]
    authorization: Authorization | None

    def covers(self, discipline: Discipline) -> bool:
        """Whether an insurance authorization pays for this discipline's visits; the others are
        self-pay (or not bookable, when the plan requires an authorization for them)."""
        return self.authorization is not None and discipline in self.authorization.visits_authorized

    def visits_authorized(self, discipline: Discipline) -> int | None:
        """None when no authorization limits this discipline (self-pay)."""
        if self.authorization is None or not self.covers(discipline):
            return None
        return self.authorization.visits_authorized[discipline]


def supersedes(incoming_version: int, current_version: int | None) -> bool:
    """A snapshot replaces the projection only if it is newer: redelivered or late events change nothing."""
    return current_version is None or incoming_version > current_version
