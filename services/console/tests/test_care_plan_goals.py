from console.domain.care_plan import goals_form, region_parts, version_of, without_blank_new_goal
from console.domain.forms import nest

GOAL = {
    "goal_id": "g-1",
    "metric": "shoulder_flexion_deg",
    "body_region": "left_shoulder",
    "baseline": 90.0,
    "comparator": "at_least",
    "target": 150.0,
    "due_on": "2027-01-12",
    "status": "in_progress",
}


def test_a_goal_region_code_splits_into_region_and_side() -> None:
    assert region_parts("left_shoulder") == {"region": "shoulder", "laterality": "left"}
    assert region_parts("lumbar") == {"region": "lumbar"}


def test_the_goals_form_keeps_each_goal_and_offers_one_new_row() -> None:
    values = goals_form([GOAL])
    assert values["goals.0.goal_id"] == "g-1"
    assert values["goals.0.baseline"] == "90"
    assert values["goals.0.body_region.laterality"] == "left"
    assert values["goals.1.comparator"] == "at_most"


def test_the_offered_new_row_left_as_offered_is_not_sent() -> None:
    pairs = [(name, str(value)) for name, value in goals_form([GOAL]).items()]
    body = without_blank_new_goal(nest(pairs))
    assert len(body["goals"]) == 1
    assert body["goals"][0]["body_region"] == {"region": "shoulder", "laterality": "left"}


def test_the_version_an_etag_names() -> None:
    assert [version_of('"3"'), version_of('W/"12"'), version_of("*"), version_of(None)] == [3, 12, None, None]
