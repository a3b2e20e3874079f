"""Every reason a booking or a change is refused, named so the caller knows which rule said no."""

from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    PROVIDER_DOUBLE_BOOKED = "provider_double_booked"
    PATIENT_DOUBLE_BOOKED = "patient_double_booked"
    ROOM_DOUBLE_BOOKED = "room_double_booked"
    OUTSIDE_WORKING_HOURS = "outside_working_hours"
    PROVIDER_NOT_ON_CARE_TEAM = "provider_not_on_care_team"
    PROVIDER_DISCIPLINE_MISMATCH = "provider_discipline_mismatch"
    DISCIPLINE_NOT_IN_CARE_PLAN = "discipline_not_in_care_plan"
    AUTHORIZED_VISITS_EXHAUSTED = "authorized_visits_exhausted"
    OUTSIDE_AUTHORIZATION_WINDOW = "outside_authorization_window"
    NOT_COVERED_BY_AUTHORIZATION = "not_covered_by_authorization"
    OUTSIDE_PLAN_WINDOW = "outside_plan_window"
    STARTS_IN_THE_PAST = "starts_in_the_past"
    SPOT_WORK_NEEDS_PT_OR_CHIRO_HOST = "spot_work_needs_pt_or_chiropractic_host"
    SPOT_WORK_NOT_NESTED_IN_HOST = "spot_work_not_nested_in_host"
    SPOT_WORK_NOT_ALLOWED_BY_PLAN = "spot_work_not_allowed_by_plan"
    SPOT_WORK_TOO_LONG = "spot_work_too_long"
    SPOT_WORK_MUST_BE_MASSAGE = "spot_work_must_be_medical_massage"
    HOST_HAS_SPOT_WORK = "host_has_spot_work"
    INVALID_STATUS_TRANSITION = "invalid_status_transition"
    NO_FREE_SLOT_IN_WEEK = "no_free_slot_in_week"


@dataclass(frozen=True)
class Refusal:
    rule: Rule
    message: str


class BookingRefused(Exception):
    """Raised by the service layer; the HTTP layer answers 409 with every rule that said no."""

    def __init__(self, refusals: list[Refusal], *, visit_index: int | None = None) -> None:
        super().__init__("; ".join(f"{r.rule}: {r.message}" for r in refusals))
        self.refusals = refusals
        self.visit_index = visit_index
