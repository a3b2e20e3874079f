"""One topic per producing service, keyed by patient id so each patient's events stay in order."""

from enum import StrEnum


class Topic(StrEnum):
    REFERRALS = "carecoord.referrals"
    SCHEDULING = "carecoord.scheduling"
    NOTES = "carecoord.notes"
    NOTIFICATIONS = "carecoord.notifications"


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"
