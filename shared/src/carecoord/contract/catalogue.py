"""One readable page of every event type: producer, consumers, key, fields and an example."""

import json
from collections.abc import Iterator, Sequence
from typing import Any

from carecoord.contract.headers import cloudevents_headers
from carecoord.contract.messages import example_message
from carecoord.contract.services import ServiceEvents, roles_of
from carecoord.events.base import Event
from carecoord.events.schemas import published_events
from carecoord.events.topics import Topic, dead_letter_topic
from carecoord.kafka import PARTITIONS

Schema = dict[str, Any]

INTRODUCTION = """# CareCoord event catalogue

Generated from the event models by `make events`; do not edit by hand. The machine-readable
contract is [`asyncapi.json`](asyncapi.json) (AsyncAPI 3.0) with one JSON Schema per type beside it.

Every event is a CloudEvent 1.0 in Kafka binary mode: the attributes travel as headers, the JSON
payload as the message value. Consumers ignore unknown fields and unknown types; a breaking change
is a new type version (`.v2`), which `make test` enforces against [`baseline/`](baseline/).
A message no consumer can read or handle after bounded retries goes to `<topic>.dlq`, unchanged,
with `dlq.reason`, `dlq.attempts`, `dlq.original.topic`, `dlq.original.partition` and
`dlq.original.offset` headers.
"""


def catalogue(services: Sequence[ServiceEvents]) -> str:
    events = published_events()
    lines = [INTRODUCTION, "## Headers", "", *_header_table(), ""]
    for topic in Topic:
        on_topic = {name: model for name, model in events.items() if model.topic == topic}
        lines += [
            f"## `{topic}`",
            "",
            f"{PARTITIONS} partitions; dead letters on `{dead_letter_topic(topic)}`.",
            "",
        ]
        for model in on_topic.values():
            lines += _entry(model, services)
    return "\n".join(lines).rstrip() + "\n"


def _header_table() -> list[str]:
    rows = ["| Header | Value |", "| --- | --- |"]
    for name, schema in cloudevents_headers("<the event type>")["properties"].items():
        value = schema.get("const") or schema.get("description") or ""
        pattern = f" (pattern `{schema['pattern']}`)" if "pattern" in schema else ""
        rows.append(f"| `{name}` | {_cell(value + pattern)} |")
    return rows


def _entry(model: type[Event], services: Sequence[ServiceEvents]) -> list[str]:
    roles = roles_of(model, services)
    schema = model.model_json_schema()
    example = json.dumps(example_message(model, services)["payload"], indent=2)
    return [
        f"### `{model.type}`",
        "",
        f"Model `{model.__name__}`" + (f": {model.__doc__.strip().splitlines()[0]}" if model.__doc__ else ""),
        "",
        f"- Producers: {_names(roles.producers)}",
        f"- Consumers: {_names(roles.consumers)}",
        f"- Key: `{model.key_field}`",
        "",
        "| Field | Type | Required | Description |",
        "| --- | --- | --- | --- |",
        *_field_rows(schema, schema.get("$defs", {}), prefix=""),
        "",
        "```json",
        example,
        "```",
        "",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _names(services: list[str]) -> str:
    return ", ".join(services) if services else "none of the four services (integrators may subscribe)"


def _field_rows(schema: Schema, definitions: dict[str, Schema], prefix: str) -> Iterator[str]:
    required = set(schema.get("required", []))
    for name, field in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        description = _cell(field.get("description", ""))
        yield f"| `{path}` | {_type_of(field, definitions)} | {'yes' if name in required else 'no'} | {description} |"
        nested = _nested_object(field, definitions)
        if nested is not None:
            suffix = "[]." if _is_array(field, definitions) else "."
            yield from _field_rows(nested, definitions, prefix=f"{path}{suffix}")


def _resolve(schema: Schema, definitions: dict[str, Schema]) -> Schema:
    if "$ref" in schema:
        return definitions[schema["$ref"].rsplit("/", 1)[-1]]
    present = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"]
    return _resolve(present[0], definitions) if len(present) == 1 else schema


def _is_array(schema: Schema, definitions: dict[str, Schema]) -> bool:
    return _resolve(schema, definitions).get("type") == "array"


def _nested_object(schema: Schema, definitions: dict[str, Schema]) -> Schema | None:
    resolved = _resolve(schema, definitions)
    if resolved.get("type") == "array":
        resolved = _resolve(resolved.get("items", {}), definitions)
    return resolved if "properties" in resolved else None


def _type_of(schema: Schema, definitions: dict[str, Schema]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(branch, definitions) for branch in schema["anyOf"])
    resolved = _resolve(schema, definitions)
    if "enum" in resolved:
        return " \\| ".join(f"`{value}`" for value in resolved["enum"])
    if resolved.get("type") == "array":
        return f"list of {_type_of(resolved.get('items', {}), definitions)}"
    if "properties" in resolved:
        return str(resolved.get("title", "object"))
    if resolved.get("type") == "object":
        return f"map of {_type_of(resolved.get('additionalProperties', {}), definitions)}"
    kind = str(resolved.get("type", "any"))
    bounds = [
        f"{word} {resolved[key]}" for key, word in (("minimum", "≥"), ("maximum", "≤")) if key in resolved
    ]
    return " ".join([resolved.get("format", kind), *bounds])
