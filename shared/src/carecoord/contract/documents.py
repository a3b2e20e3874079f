"""The files of ``docs/events``, as text, so that writing them and checking them for drift
compare the same thing."""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from carecoord.contract.asyncapi import asyncapi
from carecoord.contract.catalogue import catalogue
from carecoord.contract.services import ServiceEvents
from carecoord.events.schemas import json_schemas

DOCS = Path("docs/events")
BASELINE = DOCS / "baseline"


def documents(services: Sequence[ServiceEvents]) -> dict[str, str]:
    files = schema_documents()
    files["asyncapi.json"] = dump(asyncapi(services))
    files["catalogue.md"] = catalogue(services)
    return files


def schema_documents() -> dict[str, str]:
    return {f"{event_type}.json": dump(schema) for event_type, schema in json_schemas().items()}


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def read_documents(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(folder.glob("*.*")) if path.is_file()}


def replace_documents(folder: Path, files: dict[str, str]) -> None:
    """Write ``files`` and remove any other file there: a type that is gone leaves no schema behind."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in set(read_documents(folder)) - set(files):
        (folder / stale).unlink()
    for name, text in files.items():
        (folder / name).write_text(text)
