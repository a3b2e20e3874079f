"""The one pagination style of every list endpoint: ``?limit=&cursor=`` answered with
``{"items": [...], "next_cursor": ...}``.

A cursor is opaque to the caller: the sort key of the last item shown (a time and an id, say),
so the next page starts right after it (keyset pagination) and rows added meanwhile neither
repeat nor shift an item out of sight. ``next_cursor`` is null on the last page.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Query
from pydantic import BaseModel, Field

from carecoord.problems import field_error, invalid

Cursor = Annotated[
    str | None, Query(max_length=400, description="The next_cursor of the previous page; none for the first")
]
Row = TypeVar("Row")
Item = TypeVar("Item")
Key = tuple[Any, ...]


class Page(BaseModel, Generic[Item]):
    """A service names each page (``class ReferralPage(Page[ReferralSummary])``)."""

    items: list[Item]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")


def encode_cursor(key: Key) -> str:
    values = [value.isoformat() if isinstance(value, datetime) else value for value in key]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def decode_cursor(cursor: str | None, *kinds: type) -> Key | None:
    """The key a cursor holds, each part of the kind given (``datetime``, ``int``, ``str``); a
    cursor that is not one of ours is a 422 on ``cursor``."""
    if cursor is None:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("wrong length")
        return tuple(_parsed(value, kind) for value, kind in zip(values, kinds, strict=True))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise invalid(field_error(["query", "cursor"], "not a cursor from a previous page")) from error


def after(columns: Sequence[sa.ColumnElement[Any]], key: Key | None, *, descending: bool) -> list[Any]:
    """The condition for rows past ``key`` in the order of ``columns`` (all one direction)."""
    if key is None:
        return []
    row = sa.tuple_(*columns)
    last = sa.tuple_(*(sa.literal(value, column.type) for value, column in zip(key, columns, strict=True)))
    return [row < last if descending else row > last]


def page(rows: Sequence[Row], limit: int, key: Callable[[Row], Key]) -> tuple[list[Row], str | None]:
    """``rows`` holds up to ``limit + 1`` rows; the extra one says a next page exists."""
    items = list(rows[:limit])
    return items, encode_cursor(key(items[-1])) if len(rows) > limit and items else None


def _parsed(value: Any, kind: type) -> Any:
    if kind is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("a cursor's time has a zone")
        return parsed
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"expected {kind.__name__}")
    return value
