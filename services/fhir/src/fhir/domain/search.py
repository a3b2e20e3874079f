"""Search parameters the facade understands, and the searchset Bundle it answers with (with
``self``, ``next`` and ``previous`` links: paging is by ``_count`` and the server's ``_offset``)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fhir.domain.outcome import FhirError

Json = dict[str, Any]
DEFAULT_COUNT = 20
MAX_COUNT = 100
PREFIXES = {"eq", "ge", "gt", "le", "lt"}


@dataclass(frozen=True)
class Page:
    offset: int
    count: int


def page_of(params: dict[str, str]) -> Page:
    return Page(
        offset=_whole(params, "_offset", 0, 1_000_000),
        count=_whole(params, "_count", DEFAULT_COUNT, MAX_COUNT),
    )


def _whole(params: dict[str, str], name: str, default: int, most: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) > most:
        raise FhirError.one(400, "invalid", f"{name} must be a whole number from 0 to {most}", name)
    return int(raw)


@dataclass(frozen=True)
class DateBound:
    prefix: str
    at: datetime

    def holds(self, value: datetime) -> bool:
        return {
            "eq": value == self.at,
            "ge": value >= self.at,
            "gt": value > self.at,
            "le": value <= self.at,
            "lt": value < self.at,
        }[self.prefix]


def date_bounds(params: list[tuple[str, str]], name: str) -> list[DateBound]:
    """``_lastUpdated=ge2026-01-01&_lastUpdated=lt2026-02-01``: every bound must hold. A date
    without a time is its start, in UTC."""
    bounds = []
    for key, raw in params:
        if key != name:
            continue
        prefix, text = (raw[:2], raw[2:]) if raw[:2] in PREFIXES else ("eq", raw)
        try:
            at = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise FhirError.one(
                400,
                "invalid",
                f"{name} must be a FHIR date or dateTime with an optional prefix (ge, gt, le, lt, eq)",
                name,
            ) from None
        bounds.append(DateBound(prefix, at if at.tzinfo else at.replace(tzinfo=UTC)))
    return bounds


def searchset(url: str, params: list[tuple[str, str]], page: Page, resources: list[Json], more: bool) -> Json:
    kept = [(key, value) for key, value in params if key not in ("_offset", "_count")]

    def link(relation: str, offset: int) -> Json:
        query = urlencode([*kept, ("_count", str(page.count)), ("_offset", str(offset))])
        return {"relation": relation, "url": f"{url}?{query}"}

    links = [link("self", page.offset)]
    if more:
        links.append(link("next", page.offset + page.count))
    if page.offset > 0:
        links.append(link("previous", max(0, page.offset - page.count)))
    base = url.rsplit("/", 1)[0]
    bundle: Json = {"resourceType": "Bundle", "type": "searchset", "link": links}
    if resources:  # FHIR JSON has no empty arrays
        bundle["entry"] = [
            {"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
            for r in resources
        ]
    return bundle
