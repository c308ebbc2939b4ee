"""Optional coded columns (occupation, scheme): one cell → catalogue codes, and the parts nothing maps.

Agency lists write these cells freely: several values in one cell ("ม.40, บัตรทอง", "ค้าขาย/รับจ้าง",
"ม.40 และบัตรทอง", one per line), a known word inside a longer phrase ("ผู้ขับขี่จักรยานยนต์รับจ้างในซอย"), and
the same word with other spacing, punctuation, Thai digits or abbreviations ("มาตรา ๔๐", "ม 40", "จยย.
รับจ้าง"). A cell is read as:

1. the whole cell, when its key (``value_key``) is a known synonym's key;
2. otherwise each of its parts (split at ``, / ; + |``, new lines and "และ", never inside brackets nor
   between two digits): a known key, or a text that contains known keys of exactly one code (at each place
   the longest; numbers and Latin words only as whole words). A part holding keys of two codes is
   ambiguous, and a part with a negation ("ไม่มี ม.40", "ลาออกจาก ม.33") is never guessed: both are left
   to a person;
3. words that mean "nothing" ("-", "ไม่มี", "ไม่ระบุ", "nan") are no value at all.

An unknown value never rejects the row: what no rule maps comes back as ``(kind, key, text)`` so that the
import keeps it with the person and lists it in the values-to-map step. Callers memoise per distinct cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Unknown = tuple[str, str, str]  # kind, key, text as written
Coded = tuple[tuple[str, ...], tuple[Unknown, ...]]  # codes, unknown parts
NOTHING: Coded = ((), ())
KEY_LENGTH = 255  # ``ImportValue.key``
TEXT_LENGTH = 200  # ``ImportValue.text`` and ``ValueSynonym.text``
CONTAINED_MIN = 3  # a known key shorter than this is matched only as the whole part

_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Spacing and punctuation, dropped from a key ("ฯ" is the Thai abbreviation mark).
_GAPS = re.compile(r"[\s.,;:!?'\"“”‘’`()\[\]{}<>\-–—_/\\|*•·+&#@%=~^ฯ฿]+")
# Where a cell holds several values: a list separator, a slash not between two digits ("1/2" stays), "และ".
_SEPARATOR = re.compile(r"[,;\n\r|+、]|(?<![0-9๐-๙])/|/(?![0-9๐-๙])|และ")
_BULLET = re.compile(r"^(?:[-–—•*·>]+|\(?[0-9๐-๙]{1,2}[.)])\s*")
# Spellings and abbreviations written for the same word, in the form keys use (no spaces or dots).
ABBREVIATIONS = {
    "มาตรา": "ม",
    "รถจักรยานยนต์": "จักรยานยนต์",
    "จยย": "จักรยานยนต์",
    "รถจยย": "จักรยานยนต์",
    "รถมอเตอร์ไซค์": "มอเตอร์ไซค์",
    "รถมอเตอร์ไซด์": "มอเตอร์ไซค์",
    "มอเตอร์ไซด์": "มอเตอร์ไซค์",
    "มอเตอร์ไซต์": "มอเตอร์ไซค์",
    "รถมอไซค์": "มอเตอร์ไซค์",
    "มอไซค์": "มอเตอร์ไซค์",
    "มอไซด์": "มอเตอร์ไซค์",
    "มอไซต์": "มอเตอร์ไซค์",
    "ปกส": "ประกันสังคม",
    "สปส": "ประกันสังคม",
    "บัตรประชารัฐ": "บัตรสวัสดิการแห่งรัฐ",
    "บัตรสวัสดิการรัฐ": "บัตรสวัสดิการแห่งรัฐ",
    "สามสิบบาท": "30บาท",
    "อื่นๆ": "อื่น",
    "ไรด์เดอร์": "ไรเดอร์",
}
_ABBREVIATION = re.compile("|".join(map(re.escape, sorted(ABBREVIATIONS, key=len, reverse=True))))
# Keys of cells that say there is no value.
NOTHING_KEYS = frozenset({
    "", "0", "ไม่มี", "ไม่ระบุ", "ไม่ทราบ", "ไม่มีข้อมูล", "ไม่มีสวัสดิการ", "ไม่มีสิทธิ", "ไม่มีสิทธิ์", "ว่าง", "none",
    "null", "nan", "na", "n a", "nil",
})  # fmt: skip
# A part with one of these is never matched by containment: "ไม่มี ม.40", "ยกเลิกบัตรทอง", "เคยขับวิน".
NEGATIONS = ("ไม่", "ยกเลิก", "ลาออก", "เคย", "หมดสิทธิ", "พ้นสภาพ")


def value_key(text: str) -> str:
    """The form two writings of one value share: Thai digits as Arabic, lower case, no spacing or
    punctuation (a dot where it separated two numbers, a space where it separated two Latin words), the
    usual abbreviations spelt one way."""
    parts = [part for part in _GAPS.split(text.translate(_DIGITS).lower()) if part]
    if not parts:
        return ""
    key = parts[0]
    for part in parts[1:]:
        before, after = key[-1], part[0]
        if before.isascii() and after.isascii():
            if before.isdigit() and after.isdigit():
                key += "."
            elif before.isalpha() and after.isalpha():
                key += " "
        key += part
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m[0]], key)


def split_cell(text: str) -> list[str]:
    """The values of a cell, as written (spacing squeezed, list bullets and numbers dropped)."""
    cuts = [m.span() for m in _SEPARATOR.finditer(text)]
    if "(" in text or "[" in text:
        cuts = [(start, end) for start, end in cuts if _depth(text, start) == 0]
    parts, start = [], 0
    for cut_start, cut_end in cuts:
        parts.append(text[start:cut_start])
        start = cut_end
    parts.append(text[start:])
    found = []
    for part in parts:
        part = _BULLET.sub("", " ".join(part.split()))
        if part:
            found.append(part)
    return found


def _depth(text: str, position: int) -> int:
    head = text[:position]
    return head.count("(") + head.count("[") - head.count(")") - head.count("]")


def _boundary_pattern(key: str) -> str:
    """``key`` as a pattern that matches only where it is not part of a longer number or Latin word."""
    pattern = re.escape(key)
    first, last = key[0], key[-1]
    if first.isascii() and first.isalnum():
        pattern = (r"(?<![0-9])" if first.isdigit() else r"(?<![a-z])") + pattern
    if last.isascii() and last.isalnum():
        pattern += r"(?![0-9])" if last.isdigit() else r"(?![a-z])"
    return pattern


class KindMatcher:
    """The synonyms of one kind (occupation or scheme), ready to map cells. Build once per import."""

    def __init__(self, kind: str, synonyms: Mapping[str, str]) -> None:
        self.kind = kind
        self.codes: dict[str, str] = {}
        for text, code in synonyms.items():
            key = value_key(text)
            if key and key not in NOTHING_KEYS:
                self.codes[key] = code
        contained = sorted((k for k in self.codes if len(k) >= CONTAINED_MIN), key=len, reverse=True)
        self._contained = re.compile("|".join(map(_boundary_pattern, contained))) if contained else None

    def cell(self, text: str) -> Coded:
        """The codes a cell means (each once, in the order written) and its parts that map to none."""
        if not text:
            return NOTHING
        key = value_key(text)
        if key in NOTHING_KEYS:
            return NOTHING
        code = self.codes.get(key)
        if code is not None:
            return (code,), ()
        codes: list[str] = []
        unknown: list[Unknown] = []
        for part in split_cell(text):
            part_key = value_key(part)
            if part_key in NOTHING_KEYS:
                continue
            code = self.part(part_key)
            if code is None:
                found = (self.kind, part_key[:KEY_LENGTH], part[:TEXT_LENGTH])
                if all(u[1] != found[1] for u in unknown):
                    unknown.append(found)
            elif code not in codes:
                codes.append(code)
        return tuple(codes), tuple(unknown)

    def part(self, key: str) -> str | None:
        """The code of one value's key: a known key, or the one code of the known keys it contains."""
        code = self.codes.get(key)
        if code is not None or self._contained is None or any(word in key for word in NEGATIONS):
            return code
        found = {self.codes[m[0]] for m in self._contained.finditer(key)}
        return found.pop() if len(found) == 1 else None


def matchers(synonyms: Mapping[str, Mapping[str, str]]) -> dict[str, KindMatcher]:
    """A matcher per kind of the synonyms table (``services.load_synonyms``)."""
    return {kind: KindMatcher(kind, synonyms.get(kind, {})) for kind in ("occupation", "scheme")}
