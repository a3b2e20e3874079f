"""Who hears about what: the routing rules as a table."""

from datetime import UTC, datetime

import pytest
from notifications.domain.filters import disciplines_of
from notifications.domain.notices import Audience, render_email
from notifications.domain.routing import Team, notices_for

TEAM = Team(referring_physician_ids=frozenset({"dr-osei"}), member_ids=frozenset({"pt-1", "lmt-1"}))
APPOINTMENT = {
    "clinic_id": "c1",
    "patient_id": "p1",
    "appointment_id": "a1",
    "provider_id": "lmt-2",
    "discipline": "medical_massage",
    "starts_at": datetime(2030, 3, 4, 14, 0, tzinfo=UTC).isoformat(),
}


def recipients(event_type: str, data: dict[str, object], team: Team | None = TEAM) -> set[tuple[str, str]]:
    return {(n.recipient_id, n.audience) for n in notices_for(event_type, data, team)}


@pytest.mark.parametrize(
    ("event_type", "data", "expected"),
    [
        (
            "carecoord.referral.accepted.v1",
            {"patient_id": "p1", "referral_id": "r1", "referring_physician_id": "dr-osei"},
            {("dr-osei", Audience.STAFF)},
        ),
        (
            "carecoord.progress.recorded.v1",
            {"patient_id": "p1", "note_id": "n1"},
            {("dr-osei", Audience.STAFF)},
        ),
        (
            "carecoord.careteam.changed.v1",
            {"patient_id": "p1", "added": ["chiro-9"], "members": [{"provider_id": "chiro-9"}]},
            {("chiro-9", Audience.STAFF)},
        ),
        (
            "carecoord.careplan.updated.v1",
            {"patient_id": "p1", "version": 3, "care_team": [{"provider_id": "pt-1"}]},
            {("pt-1", Audience.STAFF)},
        ),
        (
            "carecoord.careteam.alert.v1",
            {"patient_id": "p1", "kind": "strong_soreness", "raised_by": "lmt-1"},
            {("pt-1", Audience.STAFF)},
        ),
        (
            "carecoord.careteam.alert.v1",
            {"patient_id": "p1", "kind": "precaution_override", "raised_by": "lmt-1"},
            {("pt-1", Audience.STAFF), ("dr-osei", Audience.STAFF)},
        ),
        (
            "carecoord.appointment.booked.v1",
            APPOINTMENT,
            {
                ("pt-1", Audience.STAFF),
                ("lmt-1", Audience.STAFF),
                ("lmt-2", Audience.STAFF),
                ("p1", Audience.PATIENT),
            },
        ),
        (
            "carecoord.appointment.no_show.v1",
            APPOINTMENT,
            {("pt-1", "staff"), ("lmt-1", "staff"), ("lmt-2", "staff")},
        ),
        ("carecoord.note.signed.v1", {"patient_id": "p1"}, set()),
        ("carecoord.unknown.thing.v1", {"patient_id": "p1"}, set()),
    ],
)
def test_events_reach_the_people_they_concern(
    event_type: str, data: dict[str, object], expected: set[tuple[str, str]]
) -> None:
    assert recipients(event_type, data) == expected


def test_without_a_known_team_the_physician_named_in_the_event_still_hears() -> None:
    data = {"patient_id": "p1", "referral_id": "r1", "referring_physician_id": "dr-osei"}
    assert recipients("carecoord.referral.received.v1", data, team=None) == {("dr-osei", Audience.STAFF)}


def test_notices_carry_ids_and_a_link_not_clinical_text() -> None:
    [notice] = notices_for(
        "carecoord.careteam.alert.v1",
        {
            "patient_id": "p1",
            "kind": "strong_soreness",
            "raised_by": "x",
            "care_plan_id": "cp1",
            "note_id": "n1",
        },
        Team(frozenset(), frozenset({"pt-1"})),
    )
    assert notice.title == "Care team alert: strong soreness"
    assert notice.link == "/notes/n1"
    email = render_email(notice, "Pat <script>")
    assert "Pat &lt;script&gt;" in email.html and "Hello Pat <script>," in email.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"discipline": "chiropractic"}, ["chiropractic"]),
        (
            {"requested_disciplines": ["medical_massage", "physical_therapy"]},
            ["medical_massage", "physical_therapy"],
        ),
        ({"disciplines": [{"discipline": "medical_massage"}]}, ["medical_massage"]),
        ({"referral_id": "r1"}, []),
    ],
)
def test_the_disciplines_an_event_concerns(data: dict[str, object], expected: list[str]) -> None:
    assert disciplines_of(data) == expected
