"""XLSForm conditions said in Thai, for the people who read a campaign's questions.

``${has_s40} = 'yes'`` reads "ตอบ “ใช่” ที่ข้อ 1 (เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่)": each ``${name}``
becomes its question's number and label, each choice value its label. The tree comes from
``expressions.parse``; a condition that does not parse is shown as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nokrabob.collection import expressions


@dataclass(frozen=True)
class QuestionRef:
    number: int
    label: str
    list_name: str


def _comparison_words() -> dict[str, str]:
    return {
        ">": _("มากกว่า"),
        ">=": _("ตั้งแต่"),
        "<": _("น้อยกว่า"),
        "<=": _("ไม่เกิน"),
        "=": _("เท่ากับ"),
        "!=": _("ไม่เท่ากับ"),
    }


class _Describer:
    def __init__(self, questions: Mapping[str, QuestionRef], choices: Mapping[tuple[str, str], str]) -> None:
        self.questions = questions
        self.choices = choices

    def question(self, name: str) -> str:
        ref = self.questions.get(name)
        if ref is None:
            return _("ข้อ “%(name)s”") % {"name": name}
        return _("ข้อ %(number)s (%(label)s)") % {"number": ref.number, "label": ref.label}

    def value(self, node: list[Any], of: str | None = None) -> str:
        kind = node[0]
        if kind == "str":
            ref = self.questions.get(of or "")
            label = self.choices.get((ref.list_name, node[1])) if ref else None
            return f"“{label or node[1]}”"
        if kind == "num":
            return str(node[1])
        if kind == "self":
            return _("คำตอบนี้")
        if kind == "ref":
            return _("คำตอบ%(question)s") % {"question": self.question(node[1])}
        if kind == "call":
            return self.call(node)
        return self.say(node)

    def call(self, node: list[Any]) -> str:
        name, args = node[1], node[2:]
        if name == "selected" and args[0][0] == "ref":
            return _("เลือก %(choice)s ที่%(question)s") % {
                "choice": self.value(args[1], of=args[0][1]),
                "question": self.question(args[0][1]),
            }
        if name == "count-selected":
            return _("จำนวนตัวเลือกที่เลือกใน%(what)s") % {"what": self.value(args[0]).removeprefix("คำตอบ")}
        return _("ความยาวของ%(what)s") % {"what": self.value(args[0])}

    def say(self, node: list[Any]) -> str:
        kind = node[0]
        if kind in ("and", "or"):
            joiner = _(" และ ") if kind == "and" else _(" หรือ ")
            return joiner.join(self.say(part) for part in node[1:])
        if kind == "not":
            return _("ไม่ใช่กรณีที่%(condition)s") % {"condition": self.say(node[1])}
        if kind == "cmp":
            op, left, right = node[1], node[2], node[3]
            if left[0] == "ref" and right[0] in ("str", "num") and op in ("=", "!="):
                words = (
                    _("ตอบ %(value)s ที่%(question)s") if op == "=" else _("ไม่ได้ตอบ %(value)s ที่%(question)s")
                )
                return words % {"value": self.value(right, of=left[1]), "question": self.question(left[1])}
            of = left[1] if left[0] == "ref" else None
            return f"{self.value(left)} {_comparison_words()[op]} {self.value(right, of=of)}"
        if kind == "call":
            return self.call(node)
        return self.value(node)


def describe(
    condition: str, questions: Mapping[str, QuestionRef], choices: Mapping[tuple[str, str], str]
) -> str:
    """A condition in Thai words; the condition as written when it does not parse."""
    try:
        tree = expressions.parse(condition)
    except expressions.ExpressionError:
        return condition
    return "" if tree is None else _Describer(questions, choices).say(tree)


def question_refs(questions: Iterable[Any]) -> dict[str, QuestionRef]:
    """Each question's name → its number on the form (1, 2, …), label and choice list."""
    return {q.name: QuestionRef(n, q.label, q.list_name) for n, q in enumerate(questions, start=1)}


def questions_in_words(campaign: Any) -> list[Any]:
    """A campaign's questions, each carrying ``relevant_text``: when it is shown, in Thai words, and
    ``interest_label``: the answer that opens a follow-up, by its label (ADR 0209)."""
    questions = list(campaign.questions.select_related("interest_scheme"))
    refs = question_refs(questions)
    choices = {(c.list_name, c.name): c.label for c in campaign.choices.all()}
    for question in questions:
        question.relevant_text = describe(question.relevant, refs, choices) if question.relevant else ""
        question.interest_label = (
            choices.get((question.list_name, question.interest_answer), question.interest_answer)
            if question.interest_scheme_id
            else ""
        )
    return questions
