import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from nokrabob.core.forms import BEDateField
from nokrabob.core.thai import format_be_date, parse_be_date, to_arabic_digits, to_thai_digits


def test_be_date_round_trip():
    assert parse_be_date("25/11/2563") == dt.date(2020, 11, 25)
    assert format_be_date(dt.date(2020, 11, 25)) == "25/11/2563"


@pytest.mark.parametrize("text", ["25/11/2563", "25-11-2563", " 25 / 11 / 2563 ", "๒๕/๑๑/๒๕๖๓", "25.11.2563"])
def test_be_date_accepts_what_people_type(text):
    assert parse_be_date(text) == dt.date(2020, 11, 25)


def test_one_digit_day_and_month():
    assert parse_be_date("5/1/2510") == dt.date(1967, 1, 5)


def test_29_february_of_a_leap_year_written_in_be():
    assert parse_be_date("29/02/2567") == dt.date(2024, 2, 29)  # 2024 is a leap year
    assert parse_be_date("29/02/2543") == dt.date(2000, 2, 29)  # 2000 is too (divisible by 400)


def test_29_february_of_a_common_year_is_refused_in_thai():
    with translation.override("th"), pytest.raises(ValidationError) as err:
        parse_be_date("29/02/2566")
    assert err.value.code == "invalid_date"
    assert "ไม่มีอยู่จริง" in err.value.messages[0]


def test_fiscal_boundary_dates():
    assert parse_be_date("30/09/2568") == dt.date(2025, 9, 30)
    assert parse_be_date("01/10/2567") == dt.date(2024, 10, 1)


def test_a_christian_era_year_gets_a_message_naming_the_be_year():
    with translation.override("th"), pytest.raises(ValidationError) as err:
        parse_be_date("25/11/2020")
    assert err.value.code == "not_be"
    assert "2563" in err.value.messages[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [("31/04/2563", "invalid_date"), ("1/13/2563", "month"), ("hello", "format"), ("", "format")],
)
def test_impossible_dates_are_refused(text, code):
    with pytest.raises(ValidationError) as err:
        parse_be_date(text)
    assert err.value.code == code


def test_messages_are_in_english_when_english_is_chosen():
    with translation.override("en"), pytest.raises(ValidationError) as err:
        parse_be_date("29/02/2566")
    assert "does not exist" in err.value.messages[0]


def test_long_and_medium_styles_and_thai_digits():
    day = dt.date(2020, 11, 25)
    assert format_be_date(day, "long") == "25 พฤศจิกายน 2563"
    assert format_be_date(day, "medium") == "25 พ.ย. 2563"
    assert format_be_date(day, thai_digits=True) == "๒๕/๑๑/๒๕๖๓"
    assert to_thai_digits(2567) == "๒๕๖๗"
    assert to_arabic_digits("๒๕๖๗") == "2567"


def test_form_field_takes_and_shows_be_dates():
    field = BEDateField()
    assert field.clean("29/02/2567") == dt.date(2024, 2, 29)
    assert field.widget.format_value(dt.date(2020, 11, 25)) == "25/11/2563"
    with pytest.raises(ValidationError):
        field.clean("29/02/2566")
