"""Thai names: titles, sound-alike keys for search and duplicate detection.

The sound key is what the registry search, the duplicate check of forms and collection, and the import's
candidate match and in-file dedupe compare. It is PyThaiNLP's MetaSound and LK82 codes of the name after a
spelling fold (``fold_spelling``) that undoes the ways Thai offices write one name differently: letters of
the same sound (ศ/ษ/ส, ณ/น, ธ/ท, ภ/พ, ใ/ไ …), silent letters written with ์ or left out, an added or
dropped ะ, the silent ร of ศรี and ทร, and ร หัน (รร). The rules, and the figures that chose them, are in
docs/adr/0208-sound-alike-name-keys.md and docs/BENCHMARKS.md ("Sound-alike names"); this module is
their one home: forms, collection and imports all take the key from ``sound_key``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.soundex.lk82 import lk82
from pythainlp.soundex.metasound import metasound

TITLES = (
    "นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.",
    "Mr.", "Mrs.", "Ms.", "Miss",
)  # fmt: skip

_SPACES = re.compile(r"\s+")
_NOT_THAI = re.compile("[^\u0e01-\u0e4f]")  # spaces, Latin letters, digits, punctuation

# Consonants; the ones that can close a syllable (not ฤ, ฦ, which are vowels here); leading vowels; the
# vowel marks written after, over or under a consonant.
_C = "ก-ฮ"
_FINAL = "ก-รลว-ฮ"
_LEADING = "เ-ไ"
_AFTER = "ะ-ู"
# Marks that do not change which consonants are heard: tone marks, ็, ํ, ฺ, ๎, ๆ, ฯ, and ะ.
_NO_SOUND = str.maketrans("", "", "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4d\u0e4e\u0e3a\u0e46\u0e2f\u0e30")
# Letters of one sound, wherever they stand (the silent-letter rules below are written in these letters).
_SAME_SOUND = str.maketrans(
    {
        **dict.fromkeys("ศษซ", "ส"),
        "ณ": "น",
        **dict.fromkeys("ธฐฑฒถ", "ท"),
        **dict.fromkeys("ภผ", "พ"),
        "ฝ": "ฟ",
        **dict.fromkeys("ขฃฅฆ", "ค"),
        **dict.fromkeys("ฉฌ", "ช"),
        "ฎ": "ด",
        "ฏ": "ต",
        "ฬ": "ล",
        "ฮ": "ห",
        "ใ": "ไ",
    }
)
# A silent group: one consonant (perhaps with ิ or ุ) under ์ (ศักดิ์, ณรงค์, พันธุ์), or a silent pair right
# after a closed syllable (จันทร์, ลักษณ์, ศาสตร์, กาญจน์; not กฤษณ์ or วิโรจน์, where the first letter of the
# pair is the final).
_SILENT = re.compile(f"(?<=[{_AFTER}][{_FINAL}])(?:ทร|ตร|สน|จน)์|[{_C}][ิุ]?์")
# ร หัน: รร then a final consonant reads ั + that consonant (วรรณ, ธรรม, ธรรมศักดิ์); otherwise ัน (จรรยา,
# สรร, and บรรจง, whose last two consonants make a syllable of their own).
_RORHAN_FINAL = re.compile(f"รร(?![{_C}]{{2}}$)(?=[{_C}](?:[{_C}{_LEADING}]|$))")
_RORHAN = re.compile("รร")
# The silent ร of ศรี/สรี, of สร้อย and of เกียรติ.
_SILENT_RO = re.compile("(?<=ส)ร(?=ี)|(?<=^ส)ร(?=อ)|(?<=ีย)ร(?=ต)")
# ทร read as ซ at the start of a name (ทรัพย์, ทรง).
_THOR_RO = re.compile("^ทร")
METASOUND_LENGTH = 6
_CONSONANT = re.compile(f"[{_C}]")


def clean_name(text: str) -> str:
    return _SPACES.sub(" ", str(text or "")).strip()


def fold_spelling(name: str) -> str:
    """``name`` written the one way the sound key reads it: the spelling variants that Thai offices write
    for one name fold to one text (สมศักดิ์/สมสัก → สมสัก, ศรีวรรณ/สีวรรณ → สีวัน, ณรงค์/นรงค์ → นรง,
    ใบเตย/ไบเตย → ไบเตย). Only for keys: the folded text is not a spelling to show."""
    text = _NOT_THAI.sub("", str(name or "")).translate(_NO_SOUND).translate(_SAME_SOUND)
    if "์" in text:  # (the tests in front of the rules only save time: most names need none of them)
        text = _SILENT.sub("", text)
    if "ร" in text:
        if "รร" in text:
            text = _RORHAN.sub("ัน", _RORHAN_FINAL.sub("ั", text))
        text = _THOR_RO.sub("ส", _SILENT_RO.sub("", text))
    if text.startswith("ญ"):  # at the start ญ sounds as ย (at the end as น, as both codes take it)
        text = "ย" + text[1:]
    return text


@lru_cache(maxsize=65536)
def sound_key(name: str) -> str:
    """A sound-alike key for one Thai name: the MetaSound code (first letter, then the sound classes of
    the next five consonants) and the LK82 code of the folded spelling, side by side. Two spellings are
    candidates when both codes agree: each code alone also joins different names (MetaSound: names that
    differ only in vowels or past its length; LK82: names that differ in a ร, ย or ว it takes for a
    cluster), and the two rarely err on the same pair. Empty when the name has no Thai consonant."""
    folded = fold_spelling(name)
    if not _CONSONANT.search(folded):
        return ""
    return metasound(folded, METASOUND_LENGTH) + lk82(folded)


def full_sound_key(first_name: str, last_name: str) -> str:
    return f"{sound_key(first_name)}:{sound_key(last_name)}"
