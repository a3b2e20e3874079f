from datetime import date

import pytest
from carecoord.events import Event, ReferralReceived, Topic, event_model_for, registered_event_types


def test_every_event_type_is_versioned_and_registered_once() -> None:
    for event_type, model in registered_event_types().items():
        assert event_type.startswith("carecoord.")
        assert event_type.rsplit(".", 1)[-1].startswith("v")
        assert model.type == event_type


def test_unknown_types_have_no_model_so_consumers_skip_them() -> None:
    assert event_model_for("carecoord.referral.received.v99") is None


def test_consumers_ignore_fields_they_do_not_know() -> None:
    event = ReferralReceived.model_validate(
        {
            "clinic_id": "c1",
            "patient_id": "p1",
            "referral_id": "r1",
            "referring_physician_id": "dr-1",
            "referring_physician_npi": "1234567893",
            "diagnosis_codes": ["M54.50"],
            "conditions": ["low back pain"],
            "requested_disciplines": ["medical_massage"],
            "received_on": "2026-11-27",
            "added_in_a_later_version": True,
        }
    )
    assert event.received_on == date(2026, 11, 27)


def test_an_unversioned_type_name_is_refused() -> None:
    with pytest.raises(ValueError, match="carecoord"):

        class Unversioned(Event):
            type = "carecoord.thing.happened"
            topic = Topic.REFERRALS
