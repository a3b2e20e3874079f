"""One topic per producing service, keyed by patient id so each patient's events stay in order,
and one topic the four services share for their audit trails."""

from enum import StrEnum


class Topic(StrEnum):
    REFERRALS = "carecoord.referrals"
    SCHEDULING = "carecoord.scheduling"
    NOTES = "carecoord.notes"
    NOTIFICATIONS = "carecoord.notifications"
    # Every service's audit trail, for a SIEM; keyed by clinic, not patient (see events/audit.py).
    AUDIT = "carecoord.audit"


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"
