from datetime import UTC, datetime, timedelta

import pytest
from notifications.domain.reminders import (
    NoticeKind,
    check_in_due_at,
    earns_check_in,
    patient_notice,
    reminder_due_at,
    reminder_still_useful,
    uses_deep_pressure,
)

STARTS = datetime(2030, 3, 4, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("techniques", "precautions", "deep"),
    [
        (["deep tissue", "stretching"], [], True),
        (["Trigger-Point"], [], True),
        (["myofascial_release"], [], True),
        (["stretching", "movement therapy"], [], False),
        (["deep tissue"], ["no_deep_pressure"], False),
    ],
)
def test_deep_pressure_is_read_from_the_plan(
    techniques: list[str], precautions: list[str], deep: bool
) -> None:
    assert uses_deep_pressure(techniques, precautions) is deep


@pytest.mark.parametrize(
    ("discipline", "planned", "expected"),
    [
        ("medical_massage", frozenset({"medical_massage"}), True),
        ("medical_massage", frozenset(), False),
        ("medical_massage", None, True),
        ("chiropractic", None, False),
    ],
)
def test_which_sessions_earn_a_check_in(
    discipline: str, planned: frozenset[str] | None, expected: bool
) -> None:
    assert earns_check_in(discipline, planned) is expected


def test_reminders_come_the_lead_time_before_and_check_ins_after() -> None:
    assert reminder_due_at(STARTS, timedelta(hours=24)) == STARTS - timedelta(hours=24)
    assert check_in_due_at(STARTS, timedelta(hours=20)) == STARTS + timedelta(hours=20)
    assert reminder_still_useful(STARTS, STARTS - timedelta(minutes=1))
    assert not reminder_still_useful(STARTS, STARTS)


def test_patient_notices_name_the_session_and_nothing_clinical() -> None:
    details = {"discipline": "medical_massage", "starts_at": STARTS.isoformat()}
    reminder = patient_notice(NoticeKind.REMINDER, "p1", "a1", details)
    assert reminder.title == "Reminder: your medical massage on Mon 04 Mar 2030 14:00 UTC"
    check_in = patient_notice(NoticeKind.CHECK_IN, "p1", "a1", details)
    assert "soreness" in check_in.body and check_in.link == "/appointments/a1"
