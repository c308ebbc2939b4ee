"""Conditions of a campaign's questions said in Thai."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nokrabob.collection.wording import QuestionRef, describe

QUESTIONS = {
    "has_s40": QuestionRef(1, "เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่", "yes_no"),
    "finance": QuestionRef(2, "การวางแผนการเงิน", "finance"),
    "work_years": QuestionRef(3, "ประกอบอาชีพนี้มากี่ปี", ""),
}
CHOICES = {("yes_no", "yes"): "ใช่", ("yes_no", "no"): "ไม่ใช่", ("finance", "save"): "ออมเงิน"}


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("${has_s40} = 'yes'", "ตอบ “ใช่” ที่ข้อ 1 (เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่)"),
        ("${has_s40} != 'no'", "ไม่ได้ตอบ “ไม่ใช่” ที่ข้อ 1 (เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่)"),
        ("selected(${finance}, 'save')", "เลือก “ออมเงิน” ที่ข้อ 2 (การวางแผนการเงิน)"),
        ("${work_years} >= 5", "คำตอบข้อ 3 (ประกอบอาชีพนี้มากี่ปี) ตั้งแต่ 5"),
        (
            "${has_s40} = 'yes' and ${work_years} < 2",
            "ตอบ “ใช่” ที่ข้อ 1 (เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่) และ คำตอบข้อ 3 (ประกอบอาชีพนี้มากี่ปี) น้อยกว่า 2",
        ),
        ("not(${has_s40} = 'yes')", "ไม่ใช่กรณีที่ตอบ “ใช่” ที่ข้อ 1 (เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่)"),
        ("${gone} = 'x'", "ตอบ “x” ที่ข้อ “gone”"),
    ],
)
def test_conditions_read_as_thai_sentences(condition: str, words: str) -> None:
    assert describe(condition, QUESTIONS, CHOICES) == words


def test_a_condition_that_does_not_parse_is_shown_as_written() -> None:
    assert describe("${a} ===", QUESTIONS, CHOICES) == "${a} ==="


@pytest.mark.django_db
def test_the_campaign_page_says_when_a_question_is_shown_in_words(client, campaign, district_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(district_user)
    page = client.get(reverse("collection:campaign_detail", args=[campaign.pk])).content.decode()
    assert "แสดงเมื่อตอบ “ใช่” ที่ข้อ 1 (เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่)" in page
    assert "${" not in page
