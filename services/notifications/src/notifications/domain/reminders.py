"""When reminders and post-visit check-ins are due, and which sessions earn a check-in.

Deep-pressure work (deep tissue, trigger point, myofascial release) can leave tissue tender the
next day, so the patient is asked how they feel after such a session; a plan whose precautions
rule deep pressure out gets no check-in.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from notifications.domain.notices import Audience, Notice, appointment_phrase

DEEP_PRESSURE_TECHNIQUES = frozenset({"deep tissue", "trigger point", "myofascial release"})
NO_DEEP_PRESSURE = "no_deep_pressure"
MEDICAL_MASSAGE = "medical_massage"


class NoticeKind(StrEnum):
    REMINDER = "reminder"
    CHECK_IN = "check_in"


def _normalised(technique: str) -> str:
    return technique.strip().lower().replace("-", " ").replace("_", " ")


def uses_deep_pressure(techniques: Iterable[str], precautions: Iterable[str]) -> bool:
    if NO_DEEP_PRESSURE in {_normalised(p).replace(" ", "_") for p in precautions}:
        return False
    return any(_normalised(technique) in DEEP_PRESSURE_TECHNIQUES for technique in techniques)


def earns_check_in(discipline: str, deep_pressure_disciplines: frozenset[str] | None) -> bool:
    """Without a known plan, a medical massage session is assumed to have used deep pressure:
    asking once too often is cheaper than missing strong soreness."""
    if deep_pressure_disciplines is None:
        return discipline == MEDICAL_MASSAGE
    return discipline in deep_pressure_disciplines


def reminder_due_at(starts_at: datetime, lead: timedelta) -> datetime:
    return starts_at - lead


def check_in_due_at(ends_at: datetime, delay: timedelta) -> datetime:
    return ends_at + delay


def reminder_still_useful(starts_at: datetime, now: datetime) -> bool:
    """A reminder that comes due late (booked within the lead time, or the service was down) is
    still sent while the appointment lies ahead, and dropped once it has started."""
    return starts_at > now


def patient_notice(kind: NoticeKind, patient_id: str, appointment_id: str, details: dict[str, Any]) -> Notice:
    phrase = appointment_phrase(details)
    link = f"/appointments/{appointment_id}"
    if kind is NoticeKind.REMINDER:
        return Notice(patient_id, Audience.PATIENT, kind, patient_id, f"Reminder: your {phrase}", link)
    return Notice(
        patient_id,
        Audience.PATIENT,
        kind,
        patient_id,
        "How are you feeling after your session?",
        link,
        detail=(
            f"How are you feeling after your {phrase}? Some tenderness after deep-pressure work is "
            "common for a day or two; tell your clinic if soreness is strong or lasts longer."
        ),
    )
