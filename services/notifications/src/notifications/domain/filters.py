"""Which disciplines an event concerns, for integrators' discipline filters.

An appointment, note or alert names one discipline; a referral the ones it requests; a care plan
the ones it plans. An event that concerns no discipline never matches a discipline filter.
"""

from collections.abc import Mapping
from typing import Any


def disciplines_of(data: Mapping[str, Any]) -> list[str]:
    found: set[str] = set()
    if isinstance(data.get("discipline"), str):
        found.add(data["discipline"])
    found.update(item for item in data.get("requested_disciplines") or [] if isinstance(item, str))
    for plan in data.get("disciplines") or []:
        if isinstance(plan, Mapping) and isinstance(plan.get("discipline"), str):
            found.add(plan["discipline"])
    return sorted(found)
