"""The breaking-change rules, on small schemas shaped like pydantic's."""

from carecoord.contract.compatibility import breaking_changes

TYPE = "carecoord.thing.happened.v1"


def schema(properties: dict[str, object], required: list[str], **definitions: object) -> dict[str, object]:
    document: dict[str, object] = {"type": "object", "properties": properties, "required": required}
    if definitions:
        document["$defs"] = definitions
    return document


TEXT = {"type": "string"}
BASE = schema({"thing_id": TEXT, "note": TEXT}, ["thing_id"])


def changes(old: dict[str, object], new: dict[str, object], event_type: str = TYPE) -> list[str]:
    return [str(change) for change in breaking_changes({TYPE: old}, {event_type: new})]


def test_an_unchanged_schema_breaks_nothing() -> None:
    assert changes(BASE, BASE) == []


def test_a_new_optional_field_breaks_nothing() -> None:
    assert changes(BASE, schema({"thing_id": TEXT, "note": TEXT, "extra": TEXT}, ["thing_id"])) == []


def test_a_removed_field_breaks_consumers() -> None:
    assert changes(BASE, schema({"thing_id": TEXT}, ["thing_id"])) == [
        f"{TYPE}: field `note`: removed (or renamed)"
    ]


def test_a_renamed_field_is_a_removal() -> None:
    renamed = schema({"id": TEXT, "note": TEXT}, ["id"])
    assert f"{TYPE}: field `thing_id`: removed (or renamed)" in changes(BASE, renamed)


def test_a_changed_type_breaks_consumers() -> None:
    assert changes(BASE, schema({"thing_id": {"type": "integer"}, "note": TEXT}, ["thing_id"])) == [
        f"{TYPE}: field `thing_id`: type changed from string to integer"
    ]


def test_a_value_that_may_now_be_null_is_a_changed_type() -> None:
    nullable = {"anyOf": [TEXT, {"type": "null"}]}
    assert changes(BASE, schema({"thing_id": nullable, "note": TEXT}, ["thing_id"])) == [
        f"{TYPE}: field `thing_id`: type changed from string to null or string"
    ]


def test_a_changed_string_format_is_a_changed_type() -> None:
    dated = schema({"thing_id": TEXT, "note": {"type": "string", "format": "date"}}, ["thing_id"])
    assert changes(BASE, dated) == [f"{TYPE}: field `note`: type changed from string to string:date"]


def test_a_new_required_field_breaks_consumers() -> None:
    assert changes(BASE, schema({"thing_id": TEXT, "note": TEXT, "size": TEXT}, ["size", "thing_id"])) == [
        f"{TYPE}: field `size`: new required field"
    ]


def test_an_optional_field_made_required_breaks_consumers() -> None:
    assert changes(BASE, schema({"thing_id": TEXT, "note": TEXT}, ["note", "thing_id"])) == [
        f"{TYPE}: field `note`: now required (was optional)"
    ]


def test_a_field_no_longer_required_breaks_consumers() -> None:
    assert changes(BASE, schema({"thing_id": TEXT, "note": TEXT}, [])) == [
        f"{TYPE}: field `thing_id`: no longer required"
    ]


def status(*values: str) -> dict[str, object]:
    return {"enum": list(values), "title": "Status", "type": "string"}


def with_goals(goal_status: dict[str, object]) -> dict[str, object]:
    goal = schema({"status": {"$ref": "#/$defs/Status"}}, ["status"])
    goals = {"type": "array", "items": {"$ref": "#/$defs/Goal"}}
    return schema({"goals": goals}, ["goals"], Goal=goal, Status=goal_status)


def test_a_removed_enum_value_in_a_nested_list_breaks_consumers() -> None:
    assert changes(with_goals(status("met", "regressed")), with_goals(status("met"))) == [
        f"{TYPE}: field `goals[].status`: enum value removed: regressed"
    ]


def test_a_new_enum_value_breaks_nothing() -> None:
    assert changes(with_goals(status("met")), with_goals(status("met", "improving"))) == []


def test_a_removed_field_of_an_optional_nested_object_breaks_consumers() -> None:
    def plan(fields: dict[str, object]) -> dict[str, object]:
        nested = {"anyOf": [{"$ref": "#/$defs/Plan"}, {"type": "null"}]}
        return schema({"plan": nested}, ["plan"], Plan=schema(fields, list(fields)))

    assert changes(plan({"a": TEXT, "b": TEXT}), plan({"a": TEXT})) == [
        f"{TYPE}: field `plan.b`: removed (or renamed)"
    ]


def test_a_breaking_change_is_allowed_as_a_new_version() -> None:
    v2 = schema({"thing_id": {"type": "integer"}}, ["thing_id"])
    assert changes(BASE, v2, event_type="carecoord.thing.happened.v2") == []


def test_a_type_removed_without_a_newer_version_breaks_consumers() -> None:
    assert changes(BASE, BASE, event_type="carecoord.other.happened.v1") == [
        f"{TYPE}: the type: removed without a newer version"
    ]
