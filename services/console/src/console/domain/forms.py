"""Forms named by the API's own JSON paths. A field called ``goals.0.target`` fills
``{"goals": [{"target": ...}]}``; a name ending in ``[]`` collects every value it is given into a
list. The service validates the result, and its error locations map back to the same names, so
each message lands next to the field it is about."""

from collections.abc import Iterable, Mapping
from typing import Any

FormValues = dict[str, str | list[str]]
LIST_SUFFIX = "[]"


def nest(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The JSON body of a submitted form. Blank fields are left out, so the service applies its
    defaults; a row of a list left wholly blank keeps its place, so error indices stay true."""
    tree: dict[str | int, Any] = {}
    for name, raw in pairs:
        value = raw.strip()
        if not value:
            continue
        *parents, leaf = name.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(_key(part), {})
        if leaf.endswith(LIST_SUFFIX):
            node.setdefault(leaf.removesuffix(LIST_SUFFIX), []).append(value)
        else:
            node[_key(leaf)] = value
    nested: dict[str, Any] = _lists(tree)
    return nested


def _key(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(key, int) for key in node):
        return [_lists(node.get(index, {})) for index in range(max(node) + 1)]
    return {key: _lists(value) for key, value in node.items()}


def flatten(body: Mapping[str, Any], prefix: str = "") -> FormValues:
    """The inverse of :func:`nest`: the form values that show a stored body for editing."""
    values: FormValues = {}
    for key, value in body.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            values.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and all(isinstance(item, Mapping) for item in value) and value:
            for index, item in enumerate(value):
                values.update(flatten(item, f"{name}.{index}."))
        elif isinstance(value, list):
            values[name + LIST_SUFFIX] = [str(item) for item in value]
        elif value is not None:
            values[name] = _text(value)
    return values


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_errors(detail: object) -> dict[str, str]:
    """The service's validation errors by form field name; a message about the request as a whole
    (a conflict, a refusal) is kept under the empty name."""
    if not isinstance(detail, list):
        return {"": str(detail)} if detail else {}
    errors: dict[str, str] = {}
    for error in detail:
        if not isinstance(error, Mapping):
            continue
        loc = [str(part) for part in error.get("loc", [])]
        name = ".".join(loc[1:] if loc[:1] == ["body"] else loc)
        errors.setdefault(name, str(error.get("msg", "is not valid")).removeprefix("Value error, "))
    return errors


def rows(values: Mapping[str, object], list_name: str) -> range:
    """The indices of a list's rows that the form values hold (``care_team.0.discipline``, ...)."""
    indices = {
        int(name.split(".")[1])
        for name in values
        if name.startswith(f"{list_name}.") and name.split(".")[1].isdigit()
    }
    return range(max(indices) + 1 if indices else 0)


def error_for(errors: Mapping[str, str], name: str) -> str | None:
    """The message for a field, including one about an item of a list field."""
    base = name.removesuffix(LIST_SUFFIX)
    if base in errors:
        return errors[base]
    return next((message for key, message in errors.items() if key.startswith(f"{base}.")), None)


def has_values(values: Mapping[str, object], prefix: str) -> bool:
    """Whether any field under ``prefix`` holds a value (a part of the form that was begun)."""
    return any(name.startswith(prefix) and value for name, value in values.items())
