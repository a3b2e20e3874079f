"""What changed between two versions of a plan, as paths with before and after values.

Lists of goals, plan items and team members are compared by their identity (goal id,
discipline, provider), so reordering is not a change and an edited goal shows only its fields."""

from dataclasses import dataclass
from typing import Any

_IDENTITIES = ("goal_id", "discipline", "provider_id")


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any


def changes(before: Any, after: Any, path: str = "") -> list[Change]:
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[Change] = []
        for key in sorted(before.keys() | after.keys()):
            found += changes(before.get(key), after.get(key), f"{path}.{key}" if path else key)
        return found
    if _keyed(before) and _keyed(after):
        return changes(_by_identity(before), _by_identity(after), path)
    return [] if before == after else [Change(path, before, after)]


def _keyed(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_identity(item) is not None for item in value)


def _identity(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    return next((str(item[key]) for key in _IDENTITIES if item.get(key) is not None), None)


def _by_identity(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {f"[{_identity(item)}]": item for item in items}
