"""A small, safe subset of XLSForm expressions for ``constraint`` and ``relevant``.

Parsed here, never eval'd.

Supported: ``.`` (this answer), ``${name}`` (another answer), numbers, quoted strings, the comparisons
``= != > >= < <=``, ``and``, ``or``, ``not(…)``, parentheses, and the functions ``selected(${x}, 'v')``,
``count-selected(${x})`` and ``string-length(.)``. For example ``. >= 15 and . <= 100`` or
``${has_loan} = 'yes'``.

The parse result is a JSON-safe tree (nested lists), so the browser evaluates the same tree for
show-only-if (``static/collection/collection.js``) and the server re-checks everything.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

Node = list[Any]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>\d+(?:\.\d+)?)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<ref>\$\{[A-Za-z_][A-Za-z0-9_\-]*\})
      | (?P<op>>=|<=|!=|=|>|<)
      | (?P<punct>[(),])
      | (?P<self>\.)
      | (?P<word>[A-Za-z][A-Za-z\-]*)
    )""",
    re.VERBOSE,
)
FUNCTIONS = {"selected": 2, "count-selected": 1, "string-length": 1}
MAX_LENGTH = 300


class ExpressionError(ValueError):
    """An expression outside the supported subset; the message is for the person who wrote it."""


def _tokenise(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ExpressionError(
                _("เงื่อนไข “%(text)s” มีส่วนที่ระบบไม่รองรับที่ตำแหน่ง %(pos)s") % {"text": text, "pos": pos + 1}
            )
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenise(text)
        self.i = 0

    def error(self) -> ExpressionError:
        return ExpressionError(_("เงื่อนไข “%(text)s” เขียนไม่ถูกต้องหรือใช้รูปแบบที่ระบบไม่รองรับ") % {"text": self.text})

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise self.error()
        self.i += 1
        return token[1]

    def at(self, kind: str, value: str | None = None) -> bool:
        token = self.peek()
        return token is not None and token[0] == kind and (value is None or token[1] == value)

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise self.error()
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.at("word", "or"):
            self.i += 1
            node = ["or", node, self.and_()]
        return node

    def and_(self) -> Node:
        node = self.comparison()
        while self.at("word", "and"):
            self.i += 1
            node = ["and", node, self.comparison()]
        return node

    def comparison(self) -> Node:
        left = self.operand()
        if self.at("op"):
            op = self.take("op")
            return ["cmp", op, left, self.operand()]
        return left

    def operand(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.error()
        kind, value = token
        if kind == "num":
            self.i += 1
            return ["num", value]
        if kind == "str":
            self.i += 1
            return ["str", value[1:-1]]
        if kind == "ref":
            self.i += 1
            return ["ref", value[2:-1]]
        if kind == "self":
            self.i += 1
            return ["self"]
        if kind == "punct" and value == "(":
            self.i += 1
            node = self.or_()
            self.take("punct", ")")
            return node
        if kind == "word" and value == "not":
            self.i += 1
            self.take("punct", "(")
            node = self.or_()
            self.take("punct", ")")
            return ["not", node]
        if kind == "word" and value in FUNCTIONS:
            self.i += 1
            self.take("punct", "(")
            args = [self.operand()]
            while self.at("punct", ","):
                self.i += 1
                args.append(self.operand())
            self.take("punct", ")")
            if len(args) != FUNCTIONS[value]:
                raise self.error()
            return ["call", value, *args]
        raise self.error()


def parse(text: str) -> Node | None:
    """The tree of an expression, or None for an empty one; raise ``ExpressionError`` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("เงื่อนไขยาวเกิน %(n)s ตัวอักษร") % {"n": MAX_LENGTH})
    return _Parser(text).parse()


def references(node: Node | None) -> set[str]:
    """The ``${names}`` an expression reads."""
    if node is None:
        return set()
    if node[0] == "ref":
        return {node[1]}
    found: set[str] = set()
    for part in node[1:]:
        if isinstance(part, list):
            found |= references(part)
    return found


def uses_self(node: Node | None) -> bool:
    if node is None:
        return False
    if node[0] == "self":
        return True
    return any(isinstance(part, list) and uses_self(part) for part in node[1:])


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _value(node: Node, current: Any, answers: dict[str, Any]) -> Any:
    kind = node[0]
    if kind == "num":
        return Decimal(node[1])
    if kind == "str":
        return node[1]
    if kind == "self":
        return current
    if kind == "ref":
        return answers.get(node[1])
    if kind == "call":
        name, args = node[1], [_value(arg, current, answers) for arg in node[2:]]
        if name == "selected":
            chosen = args[0] if isinstance(args[0], list) else [args[0]]
            return str(args[1]) in [str(c) for c in chosen if c is not None]
        if name == "count-selected":
            return Decimal(len(args[0]) if isinstance(args[0], list) else 0)
        return Decimal(len("" if args[0] is None else str(args[0])))
    return evaluate(node, current, answers)


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or left == "" or right is None or right == "":
        return op == "!=" and (left or "") != (right or "")
    if isinstance(left, dt.date):
        left = left.isoformat()
    if isinstance(right, dt.date):
        right = right.isoformat()
    a, b = _number(left), _number(right)
    if a is None or b is None:
        a, b = str(left), str(right)  # type: ignore[assignment]
    return {
        "=": a == b,
        "!=": a != b,
        ">": a > b,  # type: ignore[operator]
        ">=": a >= b,  # type: ignore[operator]
        "<": a < b,  # type: ignore[operator]
        "<=": a <= b,  # type: ignore[operator]
    }[op]


def evaluate(node: Node | None, current: Any = None, answers: dict[str, Any] | None = None) -> bool:
    """True when the expression holds for this answer (``.``) and the other answers (``${name}``)."""
    if node is None:
        return True
    answers = answers or {}
    kind = node[0]
    if kind == "or":
        return evaluate(node[1], current, answers) or evaluate(node[2], current, answers)
    if kind == "and":
        return evaluate(node[1], current, answers) and evaluate(node[2], current, answers)
    if kind == "not":
        return not evaluate(node[1], current, answers)
    if kind == "cmp":
        return _compare(node[1], _value(node[2], current, answers), _value(node[3], current, answers))
    value = _value(node, current, answers)
    if isinstance(value, Decimal):
        return value != 0
    return bool(value)
