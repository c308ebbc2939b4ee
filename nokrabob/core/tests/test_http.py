"""Page numbers read from a query string."""

from __future__ import annotations

import pytest

from nokrabob.core.http import MAX_PAGE, page_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 7 ", 7),
        ("0", 1),
        ("-3", 1),
        ("abc", 1),
        ("๓", 1),
        ("1\x00", 1),
        ("2.5", 1),
        (str(MAX_PAGE), MAX_PAGE),
        (str(MAX_PAGE + 1), MAX_PAGE),
        ("99999999999999999999", MAX_PAGE),
        ("9" * 5000, MAX_PAGE),
    ],
)
def test_page_number_is_a_whole_number_within_the_list(raw: str | None, expected: int) -> None:
    assert page_number(raw) == expected


def test_page_number_stops_at_the_last_page_given() -> None:
    assert page_number("40", last=12) == 12
