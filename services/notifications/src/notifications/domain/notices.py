"""A notice is one message for one recipient; it becomes an inbox item (staff) and an email
(anyone with a registered address). Texts carry ids, times and coded facts, never clinical free
text or demographics: details are fetched over the authorised API from the link."""

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Audience(StrEnum):
    STAFF = "staff"  # signs in: gets an inbox item, and an email when an address is registered
    PATIENT = "patient"  # does not sign in: email only


@dataclass(frozen=True)
class Notice:
    recipient_id: str
    audience: Audience
    category: str
    patient_id: str
    title: str
    link: str
    detail: str | None = None

    @property
    def body(self) -> str:
        if self.detail:
            return self.detail
        if self.audience is Audience.PATIENT:
            return f"{self.title}. Reply to your clinic if you have questions."
        return f"{self.title} (patient {self.patient_id}). Details: {self.link}"


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


def render_email(notice: Notice, greeting_name: str | None) -> Email:
    greeting = f"Hello {greeting_name}," if greeting_name else "Hello,"
    text = f"{greeting}\n\n{notice.body}\n\n-- CareCoord\n"
    markup = (
        f"<html><body><p>{html.escape(greeting)}</p>"
        f"<p>{html.escape(notice.body)}</p><p>&mdash; CareCoord</p></body></html>"
    )
    return Email(subject=f"CareCoord: {notice.title}", text=text, html=markup)


def appointment_phrase(data: Mapping[str, Any]) -> str:
    discipline = str(data.get("discipline", "")).replace("_", " ")
    starts_at = data.get("starts_at")
    when = _when(starts_at) if starts_at else "a time to be confirmed"
    return f"{discipline} on {when}".strip()


def _when(value: str | datetime) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%a %d %b %Y %H:%M %Z").strip()
