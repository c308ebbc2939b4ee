"""COPY's text format as the store writes it (PostgreSQL), checked without a database."""

import datetime as dt

from nokrabob.imports.store import _copy_field, _copy_line, copy_text


def line(row):
    return _copy_line(row, len(row) - 1)


def test_plain_values_are_joined_with_tabs_and_none_is_null():
    assert line(("สมชาย", "", None, 7)) == "สมชาย\t\t\\N\t7"


def test_backslash_tab_newline_and_cr_are_escaped():
    assert line(("a\\b", "c\td", None)) == "a\\\\b\tc\\td\t\\N"
    assert line(("x\ny", "\r")) == "x\\ny\t\\r"


def test_a_value_that_looks_like_the_null_marker_stays_text():
    assert line(("\\N", None)) == "\\\\N\t\\N"


def test_shared_values_bools_and_dates():
    assert _copy_field(True) == "t"
    assert _copy_field(False) == "f"
    assert _copy_field(dt.date(2026, 1, 5)) == "2026-01-05"
    assert _copy_field(dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)) == "2026-01-05T08:30:00+00:00"
    assert line((True, None, 3)) == "t\t\\N\t3"


SUFFIX = "\tshared\t\\N\n"


def test_a_chunk_is_the_lines_of_its_rows_each_with_the_shared_columns():
    rows = [("สมชาย", None, 7), ("สมศรี", "081", None)]
    assert copy_text(rows, SUFFIX) == "".join(line(row) + SUFFIX for row in rows)
    assert copy_text(rows, SUFFIX) == "สมชาย\t\\N\t7" + SUFFIX + "สมศรี\t081\t\\N" + SUFFIX


def test_one_value_to_escape_sends_the_whole_chunk_down_the_careful_path():
    for odd in ("a\tb", "a\nb", "a\rb", "a\\b", "\\N"):
        rows = [("plain", None), (odd, "x"), ("also plain", "")]
        assert copy_text(rows, SUFFIX) == "".join(line(row) + SUFFIX for row in rows), odd
    assert copy_text([("\\N", None)], "\n") == "\\\\N\t\\N\n"


def test_an_empty_chunk_is_no_text():
    assert copy_text([], SUFFIX) == ""
