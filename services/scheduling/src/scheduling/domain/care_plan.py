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

    def visits_authorized(self, discipline: Discipline) -> int | None:
        """None when no insurance authorization limits the plan (e.g. self-pay)."""
        if self.authorization is None:
            return None
        return self.authorization.visits_authorized.get(discipline, 0)


def supersedes(incoming_version: int, current_version: int | None) -> bool:
    """A snapshot replaces the projection only if it is newer: redelivered or late events change nothing."""
    return current_version is None or incoming_version > current_version
