import pytest
from referrals.domain.lifecycle import ALLOWED, IllegalTransition, ReferralStatus, transition

S = ReferralStatus
LEGAL = [
    (S.RECEIVED, S.ACCEPTED),
    (S.RECEIVED, S.DECLINED),
    (S.RECEIVED, S.CANCELLED),
    (S.ACCEPTED, S.ACTIVE),
    (S.ACCEPTED, S.CANCELLED),
    (S.ACTIVE, S.COMPLETED),
    (S.ACTIVE, S.CANCELLED),
]


@pytest.mark.parametrize(("current", "requested"), LEGAL)
def test_legal_transitions_move_to_the_requested_status(current: S, requested: S) -> None:
    assert transition(current, requested) is requested


@pytest.mark.parametrize(
    ("current", "requested"),
    [(current, requested) for current in S for requested in S if (current, requested) not in LEGAL],
)
def test_every_other_transition_is_illegal_and_names_the_current_status(current: S, requested: S) -> None:
    with pytest.raises(IllegalTransition) as raised:
        transition(current, requested)
    assert raised.value.current is current


def test_declined_completed_and_cancelled_are_final() -> None:
    assert [status for status, targets in ALLOWED.items() if not targets] == [
        S.DECLINED,
        S.COMPLETED,
        S.CANCELLED,
    ]
