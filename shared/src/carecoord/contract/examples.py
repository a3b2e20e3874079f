"""One example per event type, built from its model's JSON Schema and validated by the model.

Values are deterministic (the committed documents must not change between runs) and follow the
field names: ``care_plan_id`` becomes ``care-plan-0001``. A field that declares ``examples``
in its model gets its first example instead.
"""

from typing import Any

from carecoord.events.base import Event

EXAMPLE_TIME = "2026-03-02T09:30:00Z"
EXAMPLE_DATE = "2026-03-02"
Schema = dict[str, Any]


def example_payload(model: type[Event]) -> dict[str, Any]:
    schema = model.model_json_schema()
    built = _example(schema, schema.get("$defs", {}), name="")
    example: dict[str, Any] = model.model_validate(built).model_dump(mode="json")
    return example


def _example(schema: Schema, definitions: dict[str, Schema], name: str) -> Any:
    if "$ref" in schema:
        return _example(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions, name)
    if "examples" in schema:
        return schema["examples"][0]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        present = [branch for branch in schema["anyOf"] if branch.get("type") != "null"]
        return _example(present[0], definitions, name) if present else None
    return _example_of_type(schema, definitions, name)


def _example_of_type(schema: Schema, definitions: dict[str, Schema], name: str) -> Any:
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return {field: _example(sub, definitions, field) for field, sub in schema["properties"].items()}
    if kind == "object":
        key = _example(schema.get("propertyNames", {"type": "string"}), definitions, name)
        return {key: _example(schema.get("additionalProperties", {}), definitions, name)}
    if kind == "array":
        return [_example(schema.get("items", {}), definitions, name.removesuffix("s"))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return False
    if kind == "string":
        return _example_text(schema, name)
    return None


def _example_text(schema: Schema, name: str) -> str:
    if schema.get("format") == "date-time":
        return EXAMPLE_TIME
    if schema.get("format") == "date":
        return EXAMPLE_DATE
    if name.endswith("_id"):
        return f"{name.removesuffix('_id').replace('_', '-')}-0001"
    return name or "text"
