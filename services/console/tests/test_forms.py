from console.domain.forms import error_for, field_errors, flatten, nest, rows


def test_fields_named_by_json_path_nest_into_the_api_body() -> None:
    body = nest(
        [
            ("start_on", "2026-12-01"),
            ("goals.0.metric", "pain_nrs"),
            ("goals.0.baseline", " 7 "),
            ("care_team.0.provider_id", "lmt-kim"),
            ("plan_items.0.precautions[]", "no_deep_pressure"),
            ("plan_items.0.precautions[]", "pregnancy"),
        ]
    )
    assert body == {
        "start_on": "2026-12-01",
        "goals": [{"metric": "pain_nrs", "baseline": "7"}],
        "care_team": [{"provider_id": "lmt-kim"}],
        "plan_items": [{"precautions": ["no_deep_pressure", "pregnancy"]}],
    }


def test_blank_fields_are_left_out_and_a_blank_row_keeps_its_place() -> None:
    body = nest([("rows.0.a", " "), ("rows.1.a", "x"), ("rows.2.a", "")])
    assert body == {"rows": [{}, {"a": "x"}]}


def test_flatten_shows_a_stored_body_as_the_form_that_would_submit_it() -> None:
    stored = {
        "content": {
            "subjective": {"pain": [{"body_region": "low_back", "before": 6, "after": None}]},
            "treatment": {"areas_treated": ["low_back"], "pressure": "moderate"},
        },
        "coordinator": True,
        "baseline": 7.0,
    }
    values = flatten(stored)
    assert values == {
        "content.subjective.pain.0.body_region": "low_back",
        "content.subjective.pain.0.before": "6",
        "content.treatment.areas_treated[]": ["low_back"],
        "content.treatment.pressure": "moderate",
        "coordinator": "true",
        "baseline": "7",
    }
    pairs = [
        (name, v) for name, value in values.items() for v in (value if isinstance(value, list) else [value])
    ]
    assert nest(pairs)["content"]["treatment"] == {"areas_treated": ["low_back"], "pressure": "moderate"}


def test_the_services_field_errors_map_to_form_field_names() -> None:
    detail = [
        {"loc": ["body", "goals", 0, "baseline"], "msg": "Field required", "type": "missing"},
        {"loc": ["body", "care_team", 0], "msg": "Value error, must name a provider", "type": "value_error"},
    ]
    errors = field_errors(detail)
    assert errors == {"goals.0.baseline": "Field required", "care_team.0": "must name a provider"}
    assert error_for(errors, "goals.0.baseline") == "Field required"
    assert error_for(errors, "care_team") == "must name a provider"
    assert error_for(errors, "goals.0.target") is None


def test_a_message_about_the_whole_request_is_kept_apart_from_fields() -> None:
    assert field_errors("referral is accepted; cannot decline") == {
        "": "referral is accepted; cannot decline"
    }
    assert field_errors(None) == {}


def test_rows_counts_the_rows_a_form_holds() -> None:
    assert rows(
        {"care_team.0.discipline": "x", "care_team.2.discipline": "y", "other": "z"}, "care_team"
    ) == range(3)
    assert rows({}, "care_team") == range(0)
