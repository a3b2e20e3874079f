"""The permission matrix as written in docs/security/permissions.md: one row per endpoint, one
cell per role with the outcome for each target (own, same clinic, other clinic)."""

import re
from dataclasses import dataclass
from pathlib import Path

from carecoord.auth import Role

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "security" / "permissions.md"
OUTCOMES = {"ok", "none", "403", "404"}
AUDITS = {"every call", "refusals"}
_ENDPOINT = re.compile(r"^`(GET|POST|PUT|PATCH|DELETE) (/\S*)`$")


@dataclass(frozen=True)
class Row:
    service: str
    method: str
    path: str
    outcomes: dict[Role, tuple[str, str, str]]  # own, same clinic, other clinic
    audit: str

    @property
    def endpoint(self) -> str:
        return f"{self.service} {self.method} {self.path}"


def read_matrix(document: Path = DOCUMENT) -> list[Row]:
    lines = [line.strip() for line in document.read_text().splitlines() if line.strip().startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    roles = [Role(name) for name in header[2:-1]]
    assert set(roles) == set(Role), f"the matrix needs one column per role, has {header}"
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        service, endpoint, *outcomes, audit = cells
        match = _ENDPOINT.match(endpoint)
        assert match, f"not an endpoint: {endpoint!r}"
        assert audit in AUDITS, f"{endpoint}: audit must be one of {AUDITS}"
        rows.append(
            Row(service, match[1], match[2], dict(zip(roles, map(_triple, outcomes), strict=True)), audit)
        )
    return rows


def _triple(cell: str) -> tuple[str, str, str]:
    parts = cell.split("/")
    if len(parts) == 1:
        parts = parts * 3
    assert len(parts) == 3 and set(parts) <= OUTCOMES, f"a cell is one outcome or own/same/other: {cell!r}"
    return (parts[0], parts[1], parts[2])
