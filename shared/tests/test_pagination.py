"""Cursors: the sort key of a page's last item, opaque to the caller, refused with a 422 on
``cursor`` when it is not one of ours."""

from datetime import UTC, datetime

import pytest
from carecoord.pagination import decode_cursor, encode_cursor, page
from carecoord.problems import Problem

LAST = (datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC), "r-7")


def test_a_cursor_carries_the_sort_key_of_the_last_item_shown() -> None:
    assert decode_cursor(encode_cursor(LAST), datetime, str) == LAST
    assert decode_cursor(None, int) is None


def test_a_page_has_a_next_cursor_only_when_a_row_is_left_over() -> None:
    rows = [(1,), (2,), (3,)]
    assert page(rows, 2, lambda row: row) == ([(1,), (2,)], encode_cursor((2,)))
    assert page(rows, 3, lambda row: row) == (rows, None)
    assert page([], 3, lambda row: row) == ([], None)


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        encode_cursor((1,)),
        encode_cursor(("2026-03-01T09:30:00", "r-7")),
        encode_cursor((True, 1)),
    ],
)
def test_a_cursor_that_is_not_ours_is_refused_on_the_cursor_parameter(cursor: str) -> None:
    with pytest.raises(Problem) as refused:
        decode_cursor(cursor, datetime, str)
    assert refused.value.status == 422
    assert refused.value.errors is not None and refused.value.errors[0]["loc"] == ["query", "cursor"]
