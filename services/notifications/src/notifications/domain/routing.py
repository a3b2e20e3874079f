"""Who hears about what: from an event (its type and facts) and the patient's care team to the
notices to send. Pure: the same event and team always give the same notices.

- The referring physician closes the loop: referral status changes, progress, progress reports.
- The care team: new assignments, care plan changes, alerts, authorization alerts and schedule
  changes for their patients.
- The patient: booking confirmations and changes (reminders and check-ins are scheduled apart).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from notifications.domain.notices import Audience, Notice, appointment_phrase


@dataclass(frozen=True)
class Team:
    referring_physician_ids: frozenset[str]
    member_ids: frozenset[str]


Data = Mapping[str, Any]


class Category(StrEnum):
    REFERRAL_STATUS = "referral_status"
    PROGRESS = "progress"
    ASSIGNMENT = "assignment"
    CARE_PLAN = "care_plan"
    ALERT = "alert"
    SCHEDULE = "schedule"
    BOOKING = "booking"
    REMINDER = "reminder"
    CHECK_IN = "check_in"
    DOCUMENTATION = "documentation"


@dataclass(frozen=True)
class Rule:
    category: Category
    audience: Audience
    recipients: Callable[[Data, Team], Iterable[str]]
    title: Callable[[Data], str]


def _physicians(data: Data, team: Team) -> Iterable[str]:
    named = data.get("referring_physician_id")
    return [named] if named else team.referring_physician_ids


def _physicians_on_override(data: Data, team: Team) -> Iterable[str]:
    return _physicians(data, team) if data.get("kind") == "precaution_override" else []


def _team(data: Data, team: Team) -> Iterable[str]:
    """The event's own team when it carries one (care plan events), else the projection's; the
    appointment's provider is always told."""
    members = data.get("care_team") or data.get("members")
    ids = {member["provider_id"] for member in members} if members else set(team.member_ids)
    if data.get("provider_id"):
        ids.add(data["provider_id"])
    return ids - {data.get("raised_by")}


def _added(data: Data, team: Team) -> Iterable[str]:
    return list(data.get("added", []))


def _patient(data: Data, team: Team) -> Iterable[str]:
    return [data["patient_id"]]


def _author(data: Data, team: Team) -> Iterable[str]:
    return [data["author_id"]]


def _fixed(text: str) -> Callable[[Data], str]:
    return lambda data: text


def _appointment(text: str) -> Callable[[Data], str]:
    return lambda data: f"{text}: {appointment_phrase(data)}"


REFERRAL = "carecoord.referral."
STAFF, PATIENT = Audience.STAFF, Audience.PATIENT
RULES: dict[str, list[Rule]] = {
    **{
        f"{REFERRAL}{step}.v1": [
            Rule(Category.REFERRAL_STATUS, STAFF, _physicians, _fixed(f"Referral {step}"))
        ]
        for step in ("received", "accepted", "declined", "activated", "closed")
    },
    "carecoord.progress.recorded.v1": [
        Rule(Category.PROGRESS, STAFF, _physicians, _fixed("Progress recorded"))
    ],
    "carecoord.progress_report.ready.v1": [
        Rule(Category.PROGRESS, STAFF, _physicians, _fixed("Progress report ready"))
    ],
    "carecoord.careplan.created.v1": [
        Rule(Category.ASSIGNMENT, STAFF, _team, _fixed("New patient assignment: care plan created"))
    ],
    "carecoord.careplan.updated.v1": [
        Rule(Category.CARE_PLAN, STAFF, _team, lambda data: f"Care plan updated to version {data['version']}")
    ],
    "carecoord.careplan.certified.v1": [
        Rule(Category.CARE_PLAN, STAFF, _team, _fixed("Plan of care certified by the referring physician"))
    ],
    "carecoord.careteam.changed.v1": [
        Rule(Category.ASSIGNMENT, STAFF, _added, _fixed("New patient assignment: added to the care team"))
    ],
    "carecoord.careteam.alert.v1": [
        Rule(Category.ALERT, STAFF, _team, lambda data: f"Care team alert: {data['kind'].replace('_', ' ')}"),
        Rule(
            Category.ALERT,
            STAFF,
            _physicians_on_override,
            _fixed("A precaution was overridden in a signed note"),
        ),
    ],
    "carecoord.authorization.threshold_reached.v1": [
        Rule(Category.ALERT, STAFF, _team, _fixed("Authorized visits nearly used"))
    ],
    "carecoord.authorization.expiring.v1": [
        Rule(Category.ALERT, STAFF, _team, _fixed("Insurance authorization expiring"))
    ],
    "carecoord.authorization.expired.v1": [
        Rule(Category.ALERT, STAFF, _team, _fixed("Insurance authorization expired: renewal needed"))
    ],
    "carecoord.authorization.exhausted.v1": [
        Rule(Category.ALERT, STAFF, _team, _fixed("All authorized visits used"))
    ],
    "carecoord.note.overdue.v1": [
        Rule(Category.DOCUMENTATION, STAFF, _author, _fixed("Session note overdue"))
    ],
    "carecoord.appointment.booked.v1": [
        Rule(Category.SCHEDULE, STAFF, _team, _appointment("Appointment booked")),
        Rule(Category.BOOKING, PATIENT, _patient, _appointment("Your appointment is booked")),
    ],
    "carecoord.appointment.rescheduled.v1": [
        Rule(Category.SCHEDULE, STAFF, _team, _appointment("Appointment rescheduled")),
        Rule(Category.BOOKING, PATIENT, _patient, _appointment("Your appointment has moved")),
    ],
    "carecoord.appointment.cancelled.v1": [
        Rule(Category.SCHEDULE, STAFF, _team, _appointment("Appointment cancelled")),
        Rule(Category.BOOKING, PATIENT, _patient, _appointment("Your appointment is cancelled")),
    ],
    "carecoord.appointment.no_show.v1": [
        Rule(Category.SCHEDULE, STAFF, _team, _appointment("Patient did not attend")),
    ],
    "carecoord.series.planned.v1": [
        Rule(Category.SCHEDULE, STAFF, _team, _fixed("Visit series planned")),
    ],
}


def notices_for(event_type: str, data: Data, team: Team | None) -> list[Notice]:
    team = team or Team(frozenset(), frozenset())
    notices = []
    for rule in RULES.get(event_type, []):
        title = rule.title(data)
        for recipient in sorted(set(rule.recipients(data, team))):
            notices.append(
                Notice(
                    recipient_id=recipient,
                    audience=rule.audience,
                    category=rule.category,
                    patient_id=data["patient_id"],
                    title=title,
                    link=link_for(data),
                )
            )
    return notices


def link_for(data: Data) -> str:
    """Where the recipient fetches details over the authorised API (thin notices, no PHI)."""
    for key, path in (
        ("report_id", "/progress-reports/{}"),
        ("note_id", "/notes/{}"),
        ("appointment_id", "/appointments/{}"),
        ("care_plan_id", "/care-plans/{}"),
        ("referral_id", "/referrals/{}"),
    ):
        if data.get(key):
            return path.format(data[key])
    return f"/patients/{data['patient_id']}"
