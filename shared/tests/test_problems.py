"""Problem details (RFC 9457): the members every error body carries, and invalid fields named by
their location and a JSON Pointer without the submitted value."""

from carecoord.problems import PROBLEM_JSON, Problem, field_error, invalid


def test_a_problem_names_its_type_title_status_detail_and_instance() -> None:
    body = Problem(404, "referrals/r-1 not found").body("/referrals/r-1")
    assert body == {
        "type": "urn:carecoord:problem:not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "referrals/r-1 not found",
        "instance": "/referrals/r-1",
    }


def test_machine_readable_reasons_are_extension_members() -> None:
    problem = Problem(409, "refused", kind="booking-refused", reason="provider_double_booked")
    body = problem.body("/appointments")
    assert body["type"] == "urn:carecoord:problem:booking-refused"
    assert body["reason"] == "provider_double_booked"


def test_an_invalid_request_names_each_field_by_location_and_pointer() -> None:
    problem = invalid(
        field_error(["body", "goals", 0, "target"], "Field required", "missing"),
        field_error(["query", "a/b~c"], "not valid"),
    )
    body = problem.body("/care-plans/p-1")
    assert body["status"] == 422 and body["detail"] == "the request is not valid: 2 fields are wrong"
    assert body["errors"] == [
        {
            "loc": ["body", "goals", 0, "target"],
            "pointer": "/body/goals/0/target",
            "detail": "Field required",
            "type": "missing",
        },
        {
            "loc": ["query", "a/b~c"],
            "pointer": "/query/a~1b~0c",
            "detail": "not valid",
            "type": "value_error",
        },
    ]


def test_a_status_without_a_named_kind_takes_its_phrase() -> None:
    assert Problem(429, "slow down").body("/")["type"] == "urn:carecoord:problem:too-many-requests"


def test_the_response_is_problem_json_with_its_headers() -> None:
    problem = Problem(401, "not authenticated", headers={"WWW-Authenticate": "Bearer"})
    assert PROBLEM_JSON == "application/problem+json"
    assert problem.encoded("/x").startswith(b'{"type": "urn:carecoord:problem:unauthenticated"')
