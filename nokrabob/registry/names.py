"""Thai names: titles, sound-alike keys for search and duplicate detection."""

from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.soundex import soundex

TITLES = (
    "นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.",
    "Mr.", "Mrs.", "Ms.", "Miss",
)  # fmt: skip

_SPACES = re.compile(r"\s+")


def clean_name(text: str) -> str:
    return _SPACES.sub(" ", str(text or "")).strip()


@lru_cache(maxsize=65536)
def sound_key(name: str) -> str:
    """A sound-alike key for one Thai name (PyThaiNLP's MetaSound: fast, and it folds the common
    spelling variants of final consonants and silent letters, e.g. ประเสริฐ/ประเสริด, นงลักษณ์/นงลักษ์)."""
    name = clean_name(name)
    if not name:
        return ""
    try:
        return soundex(name, engine="metasound")
    except (IndexError, KeyError, ValueError):
        return ""


def full_sound_key(first_name: str, last_name: str) -> str:
    return f"{sound_key(first_name)}:{sound_key(last_name)}"
