"""Titles and the sex they name."""

import pytest

from nokrabob.registry.rules.title import sex_of_title, title_contradicts_sex


@pytest.mark.parametrize(
    ("title", "sex"),
    [
        ("นาย", "M"),
        ("เด็กชาย", "M"),
        ("นาง", "F"),
        ("นางสาว", "F"),
        ("น.ส.", "F"),
        ("Ms.", "F"),
        ("ร.ต.", "U"),
        ("", "U"),
    ],
)
def test_sex_of_title(title: str, sex: str) -> None:
    assert sex_of_title(title) == sex


def test_a_title_contradicts_only_the_other_sex() -> None:
    assert title_contradicts_sex("นาย", "F")
    assert title_contradicts_sex("นางสาว", "M")
    assert not title_contradicts_sex("นาย", "M")
    assert not title_contradicts_sex("นาย", "U")  # the record does not say
    assert not title_contradicts_sex("ว่าที่ร้อยตรี", "F")  # the title does not say
