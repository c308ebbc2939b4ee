"""Small pieces both ways of cleaning rows share (``normalise`` a row at a time, ``columnar`` a block at a
time): how a cell reads as text, the sex words, the memo bound. Both import this; it imports neither."""

from __future__ import annotations

import datetime as dt
from typing import Any

MEMO_LIMIT = 200_000
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SEX_WORDS = {
    "ชาย": "M", "ช": "M", "m": "M", "male": "M", "1": "M",
    "หญิง": "F", "ญ": "F", "f": "F", "female": "F", "2": "F",
}  # fmt: skip


def squeeze(text: str) -> str:
    return " ".join(text.split()) if "  " in text or "\t" in text or "\n" in text else text


def cell_text(value: Any) -> str:
    """An XLSX cell as text: whole floats without ".0", dates as ISO, spaces squeezed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date().isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return " ".join(str(value).split())


def remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    """``value``, kept in ``memo`` while it holds fewer than ``MEMO_LIMIT`` entries (a file of millions of
    distinct cells must not grow it without end)."""
    if len(memo) < MEMO_LIMIT:
        memo[key] = value
    return value
