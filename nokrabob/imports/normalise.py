"""Turning one messy row into clean registry values, fast.

Each field's rule has one home, ``nokrabob.registry.rules`` (national ID, phone, dates, area, responsible
unit, income): the same modules the forms, collection and the registry's services call. This module puts
them together for a row, memoised per raw value because an import checks millions of rows, and words a
rejection with the rule's own message. ``columnar`` does the same for a block of rows through the rules'
whole-column entry points; ``tests/test_rules_agree.py`` and ``tests/test_columnar.py`` prove the answers
agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import Scope
from nokrabob.imports.cells import SEX_WORDS, THAI_DIGITS, cell_text, remember, squeeze
from nokrabob.imports.coded import NOTHING, Coded, matchers
from nokrabob.imports.columnar import ColumnarRules
from nokrabob.registry.names import sound_key
from nokrabob.registry.rules.area import area_index, resolve_area_text
from nokrabob.registry.rules.dates import birth_date
from nokrabob.registry.rules.income import parse_income
from nokrabob.registry.rules.national_id import clean_id, id_ok, national_id_error
from nokrabob.registry.rules.phone import normalise_phone, phone_message, phone_ok
from nokrabob.registry.rules.title import sex_of_title
from nokrabob.registry.rules.unit import unit_id

# The cells ``RowNormaliser.row`` reads, by position in ``_ix``.
CELL_ORDER = (
    "national_id", "title", "first_name", "last_name", "full_name", "sex", "birth_date", "phone", "province",
    "district", "subdistrict", "postal_code", "occupation", "scheme", "monthly_income", "house_no", "moo",
    "soi", "road",
)  # fmt: skip

_NO_UNIT: Any = object()
CODED_AT = (CELL_ORDER.index("occupation"), CELL_ORDER.index("scheme"))

# Output columns of a clean row (``RowNormaliser.row``): the person table's columns that vary from row to
# row, then the catalogue codes (a tuple of codes each: a cell may hold several) and the values of those
# columns that no synonym maps (a tuple of ``coded.Unknown``; they never reject the row). The columns every
# row of a batch shares are written by the store.
COLUMNS = (
    "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo", "soi",
    "road", "subdistrict_code", "district_code", "province_code", "postal_code", "monthly_income",
    "first_name_sound", "last_name_sound", "responsible_unit_id", "occupation", "scheme", "unmapped",
)  # fmt: skip
COL = {name: i for i, name in enumerate(COLUMNS)}
PERSON_WIDTH = len(COLUMNS) - 3
# The person fields an import compares, snapshots and writes.
PERSON_FIELDS = (
    "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo", "soi",
    "road", "subdistrict_code", "district_code", "province_code", "postal_code", "monthly_income",
    "first_name_sound", "last_name_sound",
)  # fmt: skip

# Titles split off a name even when written together with it ("นายสมชาย"); "นาง" is left out on purpose:
# "นางนวล" is a first name.
ATTACHED_TITLES = ("ว่าที่ร้อยตรี", "เด็กหญิง", "เด็กชาย", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "นาย")
SPACED_TITLES = (*ATTACHED_TITLES, "นาง", "ว่าที่ ร.ต.", "Mr.", "Mrs.", "Ms.", "Miss")


def split_title(name: str, *, attached_too: bool = True) -> tuple[str, str]:
    for title in SPACED_TITLES:
        if name.startswith(title + " "):
            return title, name[len(title) + 1 :].strip()
    if attached_too:
        for title in ATTACHED_TITLES:
            if name.startswith(title) and len(name) > len(title) + 1:
                return title, name[len(title) :].strip()
    return "", name


class RowNormaliser:
    """Cleans and checks rows for one import. Build once (it prepares its tables), call ``row`` per row.

    ``row`` returns ``(clean, reasons)``: ``clean`` is a tuple in ``COLUMNS`` order, or None when the row
    is rejected; ``reasons`` lists ``(column header, message in Thai)``.
    """

    def __init__(
        self,
        *,
        mapping: dict[str, int],
        headers: Sequence[str],
        synonyms: dict[str, dict[str, str]],
        scope: Scope | None = None,
        today: dt.date | None = None,
        unit_ids: dict[str, int] | None = None,
    ) -> None:
        self.mapping = {k: int(v) for k, v in mapping.items()}
        self.headers = list(headers)
        self.scope = scope
        self.areas = area_index()
        self.today = today or timezone.localdate()
        self._dates: dict[str, dt.date | str] = {}
        self._area_memo: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._messages: dict[str, str] = {}
        self._column_names = {target: self._header(index) for target, index in self.mapping.items()}
        # The org units by code (``rules.unit.unit_ids``): the unit responsible for an address.
        self._units = unit_ids or {}
        self._unit_memo: dict[str, Any] = {}
        # The cells read per row, in ``CELL_ORDER``: one C-level itemgetter call; an unmapped target reads
        # column 0 and is masked out.
        self._idx = tuple(self.mapping.get(name, 0) for name in CELL_ORDER)
        self._mask = tuple(name in self.mapping for name in CELL_ORDER)
        self._getter = itemgetter(*self._idx)
        self._names: dict[tuple[str, ...], tuple[str, str, str, str, str, str]] = {}
        self._income: dict[str, tuple[str | None, str]] = {}
        self.coded = matchers(synonyms)
        self._coded_memo: dict[tuple[str, str], Coded] = {}
        self._columnar: ColumnarRules | None = None

    def _header(self, index: int) -> str:
        return str(self.headers[index]) if index < len(self.headers) else f"#{index + 1}"

    def _date(self, raw: Any) -> dt.date | str:
        """A date or the Thai reason it is not one (memoised: birth dates repeat)."""
        key = raw if isinstance(raw, str) else repr(raw)
        found = self._dates.get(key)
        if found is not None:
            return found
        return remember(self._dates, key, birth_date(raw, self.today))

    def _area(self, province: str, district: str, subdistrict: str) -> tuple[str, ...]:
        key = (province, district, subdistrict)
        found = self._area_memo.get(key)
        if found is None:
            found = resolve_area_text(self.areas, province, district, subdistrict)
            remember(self._area_memo, key, found)
        return found

    def row(self, values: Sequence[Any]) -> tuple[tuple[Any, ...] | None, list[tuple[str, str]]]:
        """One row. Written flat and memoised per raw value: it runs millions of times."""
        reasons: list[tuple[str, str]] = []
        cols = self._column_names
        try:  # a CSV row: strings, long enough
            cells = [v.strip() if m else "" for v, m in zip(self._getter(values), self._mask, strict=True)]
        except (AttributeError, IndexError):  # short rows, XLSX cells (numbers, dates, None)
            n = len(values)
            cells = [
                cell_text(values[i]) if m and i < n else ""
                for i, m in zip(self._idx, self._mask, strict=True)
            ]
            for at in CODED_AT:  # a coded cell keeps its line breaks: a value per line
                i = self._idx[at]
                if self._mask[at] and i < n and isinstance(values[i], str):
                    cells[at] = values[i].strip()
        (raw_id, raw_title, raw_first, raw_last, raw_full, raw_sex, raw_birth, phone, raw_province,
         raw_district, raw_sub, raw_postal, raw_occupation, raw_scheme, raw_income, house_no, moo, soi,
         road) = cells  # fmt: skip

        # National ID
        national_id: str | None = None
        if raw_id:
            cleaned = clean_id(raw_id)
            if id_ok(cleaned):
                national_id = cleaned
            else:
                error = national_id_error(cleaned)
                message = (
                    self._worded(f"national_id:{error.code}", lambda: str(error.messages[0]))
                    if error
                    else "?"
                )
                reasons.append((cols["national_id"], message))
        # Names (title split, sound keys), memoised on the raw cells
        name_key = (raw_title, raw_first, raw_last, raw_full)
        names = self._names.get(name_key)
        if names is None:
            names = remember(self._names, name_key, self._split_names(*name_key))
        title, first, last, first_sound, last_sound, title_sex = names
        if not first:
            column = cols.get("first_name") or cols.get("full_name")
            if column is None:
                column = self._worded("name_column", lambda: _("ชื่อ"))
            reasons.append((column, self._worded("no_name", lambda: _("กรุณากรอกชื่อ"))))
        sex = SEX_WORDS.get(raw_sex.lower(), title_sex) if raw_sex else title_sex
        # Birth date
        birth: str | None = None
        if raw_birth:
            found = self._date(raw_birth)
            if found.__class__ is str:
                reasons.append((cols["birth_date"], found))  # type: ignore[arg-type]
            else:
                birth = found.isoformat()  # type: ignore[union-attr]
        # Phone
        if phone and not (len(phone) == 10 and phone[0] == "0" and phone.isdigit() and phone.isascii()):
            phone = normalise_phone(phone)
            if not phone_ok(phone):
                reasons.append((cols["phone"], self._worded("phone", phone_message)))
        # Area
        area = self._area(raw_province, raw_district, raw_sub)
        if len(area) == 2:
            target, message = area
            column = cols.get(target) or cols.get("district") or cols.get("subdistrict") or _("เขต/อำเภอ")
            reasons.append((column, message))
            province_code = district_code = sub_code = postal = ""
        else:
            province_code, district_code, sub_code, postal = area
            if self.scope is not None and not self.scope.allows(
                province_code=province_code, district_code=district_code
            ):
                reasons.append(
                    (
                        cols.get("district") or cols.get("subdistrict", ""),
                        self._worded("scope", lambda: _("อยู่นอกพื้นที่ที่ท่านรับผิดชอบ")),
                    )
                )
        if raw_postal:
            postal = raw_postal.translate(THAI_DIGITS)
            if not (len(postal) == 5 and postal.isdigit()):
                reasons.append(
                    (cols["postal_code"], self._worded("postal", lambda: _("รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก")))
                )
        # Catalogue values through the synonyms table: several per cell; an unknown one never rejects
        occupation, unknown_occupation = self._coded("occupation", raw_occupation)
        scheme, unknown_scheme = self._coded("scheme", raw_scheme)
        # Income
        income: str | None = None
        if raw_income:
            found_income = self._income.get(raw_income)
            if found_income is None:
                found_income = remember(self._income, raw_income, parse_income(raw_income))
            if found_income[0] is None:
                reasons.append((cols["monthly_income"], found_income[1]))
            else:
                income = found_income[0]
        if reasons:
            return None, reasons
        unit = self._unit_memo.get(district_code, _NO_UNIT)  # a district's unit, worked out once
        if unit is _NO_UNIT:
            unit = self._unit_memo[district_code] = unit_id(self._units, district_code, province_code)
        return (
            national_id, title, first, last, sex, birth, phone,
            squeeze(house_no).translate(THAI_DIGITS) if house_no else "",
            moo.translate(THAI_DIGITS) if moo else "",
            squeeze(soi), squeeze(road), sub_code, district_code, province_code, postal,
            income, first_sound, last_sound, unit, occupation, scheme, unknown_occupation + unknown_scheme,
        ), reasons  # fmt: skip

    def rows(
        self, chunk_values: Sequence[Sequence[Any]]
    ) -> list[tuple[tuple[Any, ...] | None, list[tuple[str, str]]]]:
        """``row``'s answers for every row of a chunk, in order, worked out column by column a block of rows
        at a time (``columnar``): several times faster than ``row`` on an import's thousands of rows."""
        return self.columnar.rows(chunk_values)

    @property
    def columnar(self) -> ColumnarRules:
        if self._columnar is None:
            self._columnar = ColumnarRules(self)
        return self._columnar

    def _split_names(
        self, title: str, first: str, last: str, full: str
    ) -> tuple[str, str, str, str, str, str]:
        title, first, last, full = squeeze(title), squeeze(first), squeeze(last), squeeze(full)
        if full and not first:
            t, rest = split_title(full)
            title = title or t
            parts = rest.split(" ", 1)
            first, last = parts[0], (parts[1] if len(parts) > 1 else last)
        elif first and not title:
            title, first = split_title(first)
        return title, first, last, sound_key(first), sound_key(last), sex_of_title(title)

    def _worded(self, key: str, word: Callable[[], str]) -> str:
        """A rejection message worded once per normaliser (one import, one language): looking the
        translation up costs more than the rest of a row."""
        message = self._messages.get(key)
        if message is None:
            message = self._messages[key] = word()
        return message

    def _coded(self, kind: str, text: str) -> Coded:
        """The codes of an occupation or scheme cell and its values that no synonym maps (``coded``)."""
        if not text:
            return NOTHING
        key = (kind, text)
        found = self._coded_memo.get(key)
        if found is None:
            found = remember(self._coded_memo, key, self.coded[kind].cell(text))
        return found
