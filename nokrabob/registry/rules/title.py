"""Titles (คำนำหน้านาม) and the sex they name: นาย and เด็กชาย a man or a boy; นาง, นางสาว and เด็กหญิง a
woman or a girl. Ranks and academic titles name neither."""

from __future__ import annotations

MALE_TITLES = frozenset({"นาย", "ด.ช.", "เด็กชาย", "mr.", "mr"})
FEMALE_TITLES = frozenset({"นาง", "นางสาว", "น.ส.", "ด.ญ.", "เด็กหญิง", "mrs.", "ms.", "miss", "mrs", "ms"})


def sex_of_title(title: str) -> str:
    """ "M", "F", or "U" when the title does not say (a rank, a blank, an unknown word)."""
    folded = title.strip().lower()
    return "M" if folded in MALE_TITLES else "F" if folded in FEMALE_TITLES else "U"


def title_contradicts_sex(title: str, sex: str) -> bool:
    """Whether a title names one sex and the record the other (นาย with หญิง): worth a second look."""
    named = sex_of_title(title)
    return named != "U" and sex in ("M", "F") and named != sex
