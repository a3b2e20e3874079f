"""The referral lifecycle: received -> accepted | declined -> active -> completed | cancelled.

A referral can be withdrawn (cancelled) until it is completed; declined, completed and cancelled
are final. The table is the whole rule, so tests and the API read the same thing."""

from enum import StrEnum


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


ALLOWED: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.RECEIVED: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.ACTIVE, ReferralStatus.CANCELLED}),
    ReferralStatus.ACTIVE: frozenset({ReferralStatus.COMPLETED, ReferralStatus.CANCELLED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.CANCELLED: frozenset(),
}

OPEN = frozenset({ReferralStatus.RECEIVED, ReferralStatus.ACCEPTED, ReferralStatus.ACTIVE})


class IllegalTransition(Exception):
    def __init__(self, current: ReferralStatus, requested: ReferralStatus) -> None:
        super().__init__(f"a {current} referral cannot become {requested}")
        self.current = current
        self.requested = requested


def transition(current: ReferralStatus, requested: ReferralStatus) -> ReferralStatus:
    if requested not in ALLOWED[current]:
        raise IllegalTransition(current, requested)
    return requested
