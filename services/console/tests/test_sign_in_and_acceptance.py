from datetime import date

from carecoord.auth import Role
from console.domain import csrf
from console.domain.acceptance import acceptance_form
from console.domain.sign_in import user_from_form


def test_a_valid_sign_in_names_the_user() -> None:
    user, errors = user_from_form(" lmt-kim ", "massage_therapist", "clinic-1")
    assert errors == {}
    assert user is not None and (user.subject, user.role, user.clinic_id) == (
        "lmt-kim",
        Role.MASSAGE_THERAPIST,
        "clinic-1",
    )


def test_a_bad_sign_in_names_each_wrong_field() -> None:
    user, errors = user_from_form("", "integrator", "clinic 1!")
    assert user is None
    assert set(errors) == {"subject", "role", "clinic_id"}


def test_csrf_tokens_match_only_exactly() -> None:
    token = csrf.new_token()
    assert csrf.tokens_match(token, token)
    assert not csrf.tokens_match(token, token[:-1])
    assert not csrf.tokens_match(token, None)
    assert not csrf.tokens_match(None, None)


def test_the_acceptance_form_starts_from_the_referral() -> None:
    referral = {
        "requested_disciplines": [
            {"discipline": "medical_massage", "visits_per_week": 2, "weeks": 6},
            {"discipline": "chiropractic", "visits_per_week": 1, "weeks": 4},
        ],
        "precautions": ["no_deep_pressure"],
    }
    values = acceptance_form(referral, date(2026, 12, 1))
    assert values["goals.0.due_on"] == "2027-01-12"  # the longest discipline's six weeks
    assert values["care_team.0.discipline"] == "medical_massage"
    assert values["care_team.1.discipline"] == "chiropractic"
    assert values["care_team.0.coordinator"] == "true"
    assert values["plan_items.1.precautions[]"] == ["no_deep_pressure"]
