"""The services' JSON as FHIR resources: statuses, ids and codes."""

from datetime import UTC, datetime

import pytest
from fhir.domain import care_plan, observations, referral
from fhir.domain.outcome import FhirError
from fhir.domain.search import Page, date_bounds, page_of, searchset
from fhir.service_layer.searches import matches, patient_of

REFERRAL = {
    "id": "r-1",
    "patient_id": "p-1",
    "status": "declined",
    "received_at": "2026-01-01T10:00:00+00:00",
    "referring_physician_id": "dr-osei",
    "referring_physician_npi": "1234567893",
    "referring_physician_name": "Dr. Ada Osei",
    "history": [
        {"to_status": "received", "at": "2026-01-01T10:00:00+00:00", "reason_code": None},
        {"to_status": "declined", "at": "2026-01-02T09:00:00+00:00", "reason_code": "out_of_scope"},
    ],
}


def test_a_declined_referral_is_a_rejected_task_with_its_reason() -> None:
    task = referral.task(REFERRAL)
    assert task["status"] == "rejected"
    assert task["statusReason"]["coding"][0]["code"] == "out_of_scope"
    assert task["lastModified"] == "2026-01-02T09:00:00Z"
    assert task["requester"]["identifier"]["value"] == "1234567893"


@pytest.mark.parametrize(("native", "achievement"), list(care_plan.ACHIEVEMENT.items()))
def test_a_goals_status_is_its_achievement_status(native: str, achievement: str) -> None:
    plan = {"id": "c" * 36, "patient_id": "p-1"}
    item = {
        "goal_id": "g" * 36,
        "metric": "pain_nrs",
        "baseline": 7,
        "target": 3,
        "comparator": "at_most",
        "due_on": "2026-03-01",
        "status": native,
        "latest_value": None,
        "latest_on": None,
    }
    goal = care_plan.goal(plan, item)
    assert goal["achievementStatus"]["coding"][0]["code"] == achievement
    assert goal["target"][0]["detailRange"] == {"high": {"value": 3}}
    assert len(goal["id"]) <= 64 and care_plan.split_goal_id(goal["id"]) == ("c" * 36, "g" * 13)


def test_range_of_motion_is_one_observation_per_side_measured_else_per_joint() -> None:
    values = {
        "pain_nrs": 6,
        "pain_nrs:lumbar": 6,
        "cervical_rotation_deg": 55,
        "cervical_rotation_deg:cervical": 55,
        "cervical_rotation_deg:left_cervical": 55,
        "cervical_rotation_deg:right_cervical": 70,
        "lumbar_flexion_deg": 80,
        "lumbar_flexion_deg:lumbar": 80,
    }
    assert observations.range_of_motion_keys(values) == [
        ("cervical_rotation_deg", "left_cervical"),
        ("cervical_rotation_deg", "right_cervical"),
        ("lumbar_flexion_deg", "lumbar"),
    ]


def test_observation_ids_are_the_note_and_a_position() -> None:
    entry = {
        "note_id": "n-1",
        "visit_starts_at": "2026-01-05T10:00:00+00:00",
        "author_id": "lmt-kim",
        "pain": [{"body_region": "low_back", "before": 6, "after": 3}],
        "measurements": {"oswestry_odi": 36.0},
    }
    found = observations.observations("p-1", entry)
    assert [o["id"] for o in found] == ["n-1.0", "n-1.1"]
    assert [o["code"]["coding"][0]["code"] for o in found] == ["72514-3", "97909-6"]
    assert observations.split_observation_id("n-1.1") == ("n-1", 1)


def test_a_searchset_links_its_pages() -> None:
    params = [("patient", "p-1"), ("_count", "2"), ("_offset", "2")]
    bundle = searchset(
        "http://fhir/Observation", params, Page(2, 2), [{"resourceType": "Observation", "id": "o"}], True
    )
    links = {link["relation"]: link["url"] for link in bundle["link"]}
    assert links["next"] == "http://fhir/Observation?patient=p-1&_count=2&_offset=4"
    assert links["previous"] == "http://fhir/Observation?patient=p-1&_count=2&_offset=0"
    assert bundle["entry"][0]["fullUrl"] == "http://fhir/Observation/o"
    assert "entry" not in searchset("http://fhir/Task", [], Page(0, 20), [], False)


def test_date_prefixes_bound_a_search() -> None:
    bounds = date_bounds([("date", "ge2026-01-05"), ("date", "lt2026-01-06T00:00:00Z")], "date")
    assert all(bound.holds(datetime(2026, 1, 5, 10, tzinfo=UTC)) for bound in bounds)
    assert not all(bound.holds(datetime(2026, 1, 6, 10, tzinfo=UTC)) for bound in bounds)


@pytest.mark.parametrize("params", [{"_count": "x"}, {"_count": "1000"}, {"_offset": "-1"}])
def test_a_bad_page_is_refused_naming_the_parameter(params: dict[str, str]) -> None:
    with pytest.raises(FhirError) as refused:
        page_of(params)
    assert refused.value.status == 400 and refused.value.issues[0].expression in params


def test_a_bad_date_is_refused() -> None:
    with pytest.raises(FhirError):
        date_bounds([("date", "yesterday")], "date")


def test_a_resource_read_by_id_must_match_every_other_parameter() -> None:
    task = referral.task({**REFERRAL, "status": "accepted"})
    assert matches(task, [("patient", "Patient/p-1"), ("status", "accepted"), ("_count", "5")])
    assert not matches(task, [("patient", "p-2")])
    assert not matches(task, [("status", "completed")])
    assert matches(task, [("_lastUpdated", "ge2026-01-02")])
    assert not matches(task, [("_lastUpdated", "lt2026-01-02")])


@pytest.mark.parametrize("value", ["../../audit", "Patient/a b", ""])
def test_a_patient_parameter_that_is_no_id_is_refused(value: str) -> None:
    with pytest.raises(FhirError) as refused:
        patient_of([("patient", value)], "Observation")
    assert refused.value.status == 400
