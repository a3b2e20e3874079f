"""Would a model change break a consumer written against the baseline? The rules a schema
registry's BACKWARD mode applies, from the consumer's side: a field removed or renamed, a type
changed (``null`` included), a new required field or one made required, a field no longer
required, an enum value removed. Such a change is allowed only as a new version (``.v2``)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]


@dataclass(frozen=True)
class BreakingChange:
    event_type: str
    field: str
    change: str

    def __str__(self) -> str:
        where = f"field `{self.field}`" if self.field else "the type"
        return f"{self.event_type}: {where}: {self.change}"


def breaking_changes(baseline: dict[str, Schema], current: dict[str, Schema]) -> list[BreakingChange]:
    found: list[BreakingChange] = []
    for event_type, old in sorted(baseline.items()):
        new = current.get(event_type)
        if new is None:
            if not _has_successor(event_type, current):
                found.append(BreakingChange(event_type, "", "removed without a newer version"))
            continue
        comparison = _Comparison(old.get("$defs", {}), new.get("$defs", {}))
        found += [
            BreakingChange(event_type, path, change) for path, change in comparison.changes(old, new, "")
        ]
    return found


def _has_successor(event_type: str, current: dict[str, Schema]) -> bool:
    name = event_type.rsplit(".", 1)[0]
    return any(
        other.rsplit(".", 1)[0] == name and _version(other) > _version(event_type) for other in current
    )


def _version(event_type: str) -> int:
    return int(event_type.rsplit(".v", 1)[-1])


class _Comparison:
    def __init__(self, old_definitions: dict[str, Schema], new_definitions: dict[str, Schema]) -> None:
        self._old = old_definitions
        self._new = new_definitions

    def changes(self, old: Schema, new: Schema, path: str) -> Iterator[tuple[str, str]]:
        old, new = _resolve(old, self._old), _resolve(new, self._new)
        old_types, new_types = _types(old, self._old), _types(new, self._new)
        if old_types != new_types:
            yield path, f"type changed from {_describe(old_types)} to {_describe(new_types)}"
            return
        old_value, new_value = _present(old, self._old), _present(new, self._new)
        yield from _enum_changes(old_value.get("enum"), new_value.get("enum"), path)
        if "properties" in old_value:
            yield from self._object_changes(old_value, new_value, path)
        for keyword, suffix in (("items", "[]"), ("additionalProperties", "{}"), ("propertyNames", "{key}")):
            if isinstance(old_value.get(keyword), dict) and isinstance(new_value.get(keyword), dict):
                yield from self.changes(old_value[keyword], new_value[keyword], path + suffix)

    def _object_changes(self, old: Schema, new: Schema, path: str) -> Iterator[tuple[str, str]]:
        old_fields, new_fields = old["properties"], new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        prefix = f"{path}." if path else ""
        for name in old_fields:
            if name not in new_fields:
                yield prefix + name, "removed (or renamed)"
            elif name in old_required and name not in new_required:
                yield prefix + name, "no longer required"
            else:
                yield from self.changes(old_fields[name], new_fields[name], prefix + name)
        for name in sorted(new_required - old_required):
            yield prefix + name, "now required (was optional)" if name in old_fields else "new required field"


def _types(schema: Schema, definitions: dict[str, Schema]) -> set[str]:
    """The JSON types a value may have, with the string format: what a consumer parses."""
    if "anyOf" in schema:
        return set().union(
            *(_types(_resolve(branch, definitions), definitions) for branch in schema["anyOf"])
        )
    kind = schema.get("type", "any")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    return {f"{k}:{schema['format']}" if "format" in schema else k for k in kinds}


def _present(schema: Schema, definitions: dict[str, Schema]) -> Schema:
    """The non-null branch of an optional value, which carries its structure."""
    branches = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"]
    return _resolve(branches[0], definitions) if len(branches) == 1 else schema


def _enum_changes(old: list[Any] | None, new: list[Any] | None, path: str) -> Iterator[tuple[str, str]]:
    if old is None and new is not None:
        yield path, f"now restricted to {new}"
    elif old is not None and new is not None:
        removed = [value for value in old if value not in new]
        if removed:
            yield path, f"enum value removed: {', '.join(map(str, removed))}"


def _resolve(schema: Schema, definitions: dict[str, Schema]) -> Schema:
    if "$ref" in schema:
        return _resolve(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    return schema


def _describe(types: set[str]) -> str:
    return " or ".join(sorted(types))
