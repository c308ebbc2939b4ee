import datetime as dt
from decimal import Decimal

import pytest

from nokrabob.collection.expressions import ExpressionError, evaluate, parse, references


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        (". >= 15 and . <= 100", 15, True),
        (". >= 15 and . <= 100", 14, False),
        (". >= 15 and . <= 100", Decimal("100.5"), False),
        (". != 'x'", "y", True),
        ("not(. = 3)", 3, False),
        ("(. < 2 or . > 8) and . != 9", 9, False),
        ("(. < 2 or . > 8) and . != 9", 1, True),
        ("string-length(.) <= 3", "abcd", False),
    ],
)
def test_constraints(text, value, expected):
    assert evaluate(parse(text), value, {}) is expected


def test_relevant_reads_other_answers():
    node = parse("${has_s40} = 'yes'")
    assert evaluate(node, None, {"has_s40": "yes"})
    assert not evaluate(node, None, {"has_s40": "no"})
    assert not evaluate(node, None, {})  # unanswered is not 'yes'
    assert references(node) == {"has_s40"}


def test_selected_and_count():
    assert evaluate(parse("selected(${f}, 'save')"), None, {"f": ["save", "debt"]})
    assert not evaluate(parse("selected(${f}, 'loan')"), None, {"f": ["save"]})
    assert evaluate(parse("count-selected(${f}) >= 2"), None, {"f": ["a", "b"]})


def test_dates_compare_as_iso_text():
    assert evaluate(parse(". >= '2020-01-01'"), dt.date(2021, 5, 1), {})


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('id')",
        ". >= 15 and",
        "${x} == 'a'",
        "today() > .",
        ". >= 15; drop",
        "selected(${x})",
        "(. > 1",
        "x" * 400,
    ],
)
def test_anything_outside_the_subset_is_refused(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_empty_expression_is_always_true():
    assert parse("  ") is None
    assert evaluate(None, 5, {})
