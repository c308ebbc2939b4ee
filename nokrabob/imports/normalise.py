"""Turning one messy row into clean registry values, fast.

The row rules are the registry's (``nokrabob.registry.validation``): the same national-ID rule (category 0
allowed, 9 refused, stdnum's check digit), the same phone form, the same birth-date limits, area codes from
geothai. They are written here as table look-ups and memoised parsers because an import checks millions of
rows; ``tests/test_rules_agree.py`` proves both give the same answer on the same inputs. The messages are the
registry's own (the registry functions are called to word a rejection, never to decide one).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter, mul
from typing import TYPE_CHECKING, Any

import geothai
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import Scope
from nokrabob.core.errors import DomainError
from nokrabob.core.thai import THAI_MONTHS, THAI_MONTHS_ABBR
from nokrabob.imports.coded import NOTHING, Coded, matchers
from nokrabob.registry.names import sound_key
from nokrabob.registry.national_id import national_id_error
from nokrabob.registry.validation import check_birth_date, check_phone, income_limit, income_too_large

if TYPE_CHECKING:
    from nokrabob.imports.columnar import ColumnarRules

BE_OFFSET = 543
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ID_DROP = str.maketrans(dict.fromkeys(" -.\t\xa0"))
_NON_DIGITS = re.compile(r"\D")
_SPACES = re.compile(r"\s+")
_WEIGHTS = tuple(range(13, 1, -1))
_WEIGHT_ZERO = 48 * sum(_WEIGHTS)  # the weights times ord("0")
MEMO_LIMIT = 200_000
# The cells ``RowNormaliser.row`` reads, by position in ``_ix``.
CELL_ORDER = (
    "national_id", "title", "first_name", "last_name", "full_name", "sex", "birth_date", "phone", "province",
    "district", "subdistrict", "postal_code", "occupation", "scheme", "monthly_income", "house_no", "moo",
    "soi", "road",
)  # fmt: skip

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

MALE_TITLES = {"นาย", "ด.ช.", "เด็กชาย", "mr.", "mr"}
FEMALE_TITLES = {"นาง", "นางสาว", "น.ส.", "ด.ญ.", "เด็กหญิง", "mrs.", "ms.", "miss", "mrs", "ms"}
# Titles split off a name even when written together with it ("นายสมชาย"); "นาง" is left out on purpose:
# "นางนวล" is a first name.
ATTACHED_TITLES = ("ว่าที่ร้อยตรี", "เด็กหญิง", "เด็กชาย", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "นาย")
SPACED_TITLES = (*ATTACHED_TITLES, "นาง", "ว่าที่ ร.ต.", "Mr.", "Mrs.", "Ms.", "Miss")
_SEX_WORDS = {
    "ชาย": "M", "ช": "M", "m": "M", "male": "M", "1": "M",
    "หญิง": "F", "ญ": "F", "f": "F", "female": "F", "2": "F",
}  # fmt: skip

_MONTHS = {name: i + 1 for i, name in enumerate(THAI_MONTHS)}
_MONTHS.update({name: i + 1 for i, name in enumerate(THAI_MONTHS_ABBR)})
_MONTHS.update({name.replace(".", ""): i + 1 for i, name in enumerate(THAI_MONTHS_ABBR)})
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MONTH_NAME_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\s*(\d{4})$")


def fast_id_ok(cleaned: str) -> bool:
    """The registry's national-ID rule (see ``registry.national_id``) on the digits' byte values."""
    if len(cleaned) != 13 or not (cleaned.isascii() and cleaned.isdigit()) or cleaned[0] == "9":
        return False
    digits = cleaned.encode()
    total = sum(map(mul, _WEIGHTS, digits)) - _WEIGHT_ZERO
    return (11 - total % 11) % 10 == digits[12] - 48


_PLAIN_AMOUNT = re.compile(r"\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_EXPONENT_AMOUNT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")


def parse_income(raw: str) -> tuple[str | None, str]:
    """An amount in baht, as the registry stores it (rounded to satang), or None and the Thai reason.

    Only plain numbers are read: an amount the column cannot hold (more digits before the point than it
    has), exponent notation ("1e30"), NaN and infinity are refused, never stored and never left to fail
    the database's write."""
    text = raw.translate(_THAI_DIGITS).replace(",", "").replace("บาท", "").replace("฿", "").strip()
    negative = text.startswith("-")
    plain = text[1:].strip() if negative else text
    if not _PLAIN_AMOUNT.fullmatch(plain):
        if _EXPONENT_AMOUNT.fullmatch(text):
            return None, _("เขียนรายได้เป็นตัวเลขธรรมดา เช่น 15000 ไม่ใช้รูปแบบเลขยกกำลัง (เช่น 1e30)")
        return None, _("รายได้ต้องเป็นตัวเลข")
    places, too_much = income_limit()
    whole = plain.lstrip("+").split(".", 1)[0].lstrip("0")
    if len(whole) > too_much.adjusted():  # more digits than the column has: not even rounded
        return None, income_too_large()
    amount = Decimal(plain).quantize(Decimal(1).scaleb(-places))
    if amount >= too_much:
        return None, income_too_large()
    if negative and amount:
        return None, _("รายได้ต้องไม่ติดลบ")
    return str(amount), ""


def clean_id(value: str) -> str:
    return value.translate(_THAI_DIGITS).translate(_ID_DROP)


def fast_phone(value: str) -> str:
    """``registry.validation.normalise_phone`` with a translate table."""
    digits = _NON_DIGITS.sub("", value.translate(_THAI_DIGITS))
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    return digits


def phone_ok(phone: str) -> bool:
    return not phone or (phone[0] == "0" and len(phone) in (9, 10))


class DateError(ValueError):
    pass


def parse_any_date(value: Any) -> dt.date:
    """BE or CE, ``dd/mm/yyyy``, ISO, Thai month names (``5 ม.ค. 2510``, ``5 มกราคม 2510``), Excel dates."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(year=value.year - BE_OFFSET) if value.year > 2400 else value
    text = _SPACES.sub(" ", str(value).translate(_THAI_DIGITS).strip())
    match = _NUMERIC_DATE.match(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), match[3]
    else:
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = match[1], int(match[2]), int(match[3])
        else:
            match = _MONTH_NAME_DATE.match(text)
            if not match or (match[2].rstrip(".") not in _MONTHS and match[2] not in _MONTHS):
                raise DateError(_("อ่านวันที่ไม่ได้ ใช้รูปแบบ วว/ดด/ปปปป เช่น 05/01/2510 หรือ 5 ม.ค. 2510"))
            day, year = int(match[1]), match[3]
            month = _MONTHS.get(match[2]) or _MONTHS[match[2].rstrip(".")]
    if len(year) != 4:
        raise DateError(_("ปีต้องมี 4 หลัก (พ.ศ. หรือ ค.ศ.)"))
    y = int(year)
    if y > 2400:
        y -= BE_OFFSET
    if not 1 <= month <= 12:
        raise DateError(_("เดือน %(month)s ไม่มีอยู่จริง (1–12)") % {"month": month})
    try:
        return dt.date(y, month, day)
    except ValueError:
        raise DateError(_("วันที่นี้ไม่มีอยู่จริงในปฏิทิน")) from None


def split_title(name: str, *, attached_too: bool = True) -> tuple[str, str]:
    for title in SPACED_TITLES:
        if name.startswith(title + " "):
            return title, name[len(title) + 1 :].strip()
    if attached_too:
        for title in ATTACHED_TITLES:
            if name.startswith(title) and len(name) > len(title) + 1:
                return title, name[len(title) :].strip()
    return "", name


@dataclass
class AreaIndex:
    """geothai's tables as dicts, built once: names are compared in geothai's normal form (no เขต/แขวง,
    no spaces), codes as they are."""

    provinces: dict[str, str] = field(default_factory=dict)
    districts: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (name, province)
    district_by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (province, name) → code
    district_any: dict[str, list[str]] = field(default_factory=dict)
    subdistricts: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # code → (name, district, postal)
    sub_by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (district, name) → code
    sub_any: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls) -> AreaIndex:
        index = cls()
        norm = geothai.normalize
        for province in geothai.provinces():
            for name in (province.name_th, province.name_en, province.code):
                index.provinces[norm(name)] = province.code
            for district in geothai.districts(province.code):
                index.districts[district.code] = (district.name_th, province.code)
                for name in {norm(district.name_th), norm(district.name_en)}:
                    index.district_by_name[(province.code, name)] = district.code
                    index.district_any.setdefault(name, []).append(district.code)
                for sub in geothai.subdistricts(district.code):
                    index.subdistricts[sub.code] = (sub.name_th, district.code, sub.postal_codes[0])
                    for name in {norm(sub.name_th), norm(sub.name_en)}:
                        index.sub_by_name[(district.code, name)] = sub.code
                        index.sub_any.setdefault(name, []).append(sub.code)
        for alias in ("กทม", "กรุงเทพ", "กรุงเทพฯ", "กรุงเทพมหานคร", "bkk"):
            index.provinces[norm(alias)] = "10"
        return index


_AREA_INDEX: AreaIndex | None = None


def area_index() -> AreaIndex:
    global _AREA_INDEX
    if _AREA_INDEX is None:
        _AREA_INDEX = AreaIndex.build()
    return _AREA_INDEX


def resolve_area_text(
    index: AreaIndex, province: str, district: str, subdistrict: str
) -> tuple[str, str, str, str] | tuple[str, str]:
    """→ (province, district, subdistrict, postal) codes, or (field, message) when it cannot be resolved."""
    norm = geothai.normalize
    province_code = ""
    if province:
        province_code = index.provinces.get(norm(province), "")
        if not province_code:
            return "province", _("ไม่พบจังหวัด %(name)s") % {"name": province}
    district_code = ""
    if district:
        if district.isdigit():
            if district not in index.districts:
                return "district", _("ไม่พบเขต/อำเภอรหัส %(code)s") % {"code": district}
            district_code = district
        else:
            key = norm(district)
            if province_code:
                district_code = index.district_by_name.get((province_code, key), "")
            else:
                found = index.district_any.get(key, [])
                if len(found) > 1:
                    bangkok = [c for c in found if c.startswith("10")]
                    found = bangkok if len(bangkok) == 1 else found
                if len(found) > 1:
                    return "district", _("ชื่อเขต/อำเภอ %(name)s มีหลายจังหวัด กรุณาระบุจังหวัด") % {"name": district}
                district_code = found[0] if found else ""
            if not district_code:
                return "district", _("ไม่พบเขต/อำเภอ %(name)s") % {"name": district}
        if province_code and index.districts[district_code][1] != province_code:
            return "district", _("เขต/อำเภอไม่อยู่ในจังหวัดที่เลือก")
    sub_code = ""
    if subdistrict:
        if subdistrict.isdigit():
            if subdistrict not in index.subdistricts:
                return "subdistrict", _("ไม่พบแขวง/ตำบลรหัส %(code)s") % {"code": subdistrict}
            sub_code = subdistrict
        else:
            key = norm(subdistrict)
            if district_code:
                sub_code = index.sub_by_name.get((district_code, key), "")
            else:
                found = index.sub_any.get(key, [])
                sub_code = found[0] if len(found) == 1 else ""
            if not sub_code:
                return "subdistrict", _("ไม่พบแขวง/ตำบล %(name)s") % {"name": subdistrict}
        sub_name, sub_district, postal = index.subdistricts[sub_code]
        if district_code and sub_district != district_code:
            return "subdistrict", _("แขวง/ตำบล %(sub)s ไม่อยู่ใน %(district)s") % {
                "sub": sub_name,
                "district": index.districts[district_code][0],
            }
        return sub_district[:2], sub_district, sub_code, postal
    if district_code:
        return district_code[:2], district_code, "", ""
    return "district", _("กรุณาระบุเขต/อำเภอ หรือแขวง/ตำบล")


def _squeeze(text: str) -> str:
    return " ".join(text.split()) if "  " in text or "\t" in text or "\n" in text else text


def _text(value: Any) -> str:
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
        self._oldest_year = self.today.year - 120
        self._dates: dict[str, dt.date | str] = {}
        self._area_memo: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._messages: dict[str, str] = {}
        self._column_names = {target: self._header(index) for target, index in self.mapping.items()}
        # The unit responsible for an address: Bangkok district code or province code → org-unit id.
        self._units = unit_ids or {}
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
        try:
            value: dt.date | str = parse_any_date(raw)
            if value > self.today or value.year < self._oldest_year:  # type: ignore[operator,union-attr]
                value = _domain_message(check_birth_date, value)
        except DateError as exc:
            value = str(exc)
        return _remember(self._dates, key, value)

    def _area(self, province: str, district: str, subdistrict: str) -> tuple[str, ...]:
        key = (province, district, subdistrict)
        found = self._area_memo.get(key)
        if found is None:
            found = resolve_area_text(self.areas, province, district, subdistrict)
            _remember(self._area_memo, key, found)
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
                _text(values[i]) if m and i < n else "" for i, m in zip(self._idx, self._mask, strict=True)
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
            if fast_id_ok(cleaned):
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
            names = _remember(self._names, name_key, self._split_names(*name_key))
        title, first, last, first_sound, last_sound, title_sex = names
        if not first:
            column = cols.get("first_name") or cols.get("full_name")
            if column is None:
                column = self._worded("name_column", lambda: _("ชื่อ"))
            reasons.append((column, self._worded("no_name", lambda: _("กรุณากรอกชื่อ"))))
        sex = _SEX_WORDS.get(raw_sex.lower(), title_sex) if raw_sex else title_sex
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
            phone = fast_phone(phone)
            if not phone_ok(phone):
                reasons.append(
                    (cols["phone"], self._worded("phone", lambda: _domain_message(check_phone, phone)))
                )
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
            postal = raw_postal.translate(_THAI_DIGITS)
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
                found_income = _remember(self._income, raw_income, parse_income(raw_income))
            if found_income[0] is None:
                reasons.append((cols["monthly_income"], found_income[1]))
            else:
                income = found_income[0]
        if reasons:
            return None, reasons
        unit = self._units.get(district_code) if province_code == "10" else self._units.get(province_code)
        return (
            national_id, title, first, last, sex, birth, phone,
            _squeeze(house_no).translate(_THAI_DIGITS) if house_no else "",
            moo.translate(_THAI_DIGITS) if moo else "",
            _squeeze(soi), _squeeze(road), sub_code, district_code, province_code, postal,
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
            from nokrabob.imports.columnar import ColumnarRules  # it builds on this module

            self._columnar = ColumnarRules(self)
        return self._columnar

    def _split_names(
        self, title: str, first: str, last: str, full: str
    ) -> tuple[str, str, str, str, str, str]:
        title, first, last, full = _squeeze(title), _squeeze(first), _squeeze(last), _squeeze(full)
        if full and not first:
            t, rest = split_title(full)
            title = title or t
            parts = rest.split(" ", 1)
            first, last = parts[0], (parts[1] if len(parts) > 1 else last)
        elif first and not title:
            title, first = split_title(first)
        tl = title.lower()
        sex = "M" if tl in MALE_TITLES else "F" if tl in FEMALE_TITLES else "U"
        return title, first, last, sound_key(first), sound_key(last), sex

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
            found = _remember(self._coded_memo, key, self.coded[kind].cell(text))
        return found


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    """``value``, kept in ``memo`` while it holds fewer than ``MEMO_LIMIT`` entries (a file of millions of
    distinct cells must not grow it without end)."""
    if len(memo) < MEMO_LIMIT:
        memo[key] = value
    return value


def _domain_message(check: Any, value: Any) -> str:
    """The registry's own wording for a value the fast rule refused."""
    try:
        check(value)
    except DomainError as exc:
        return exc.message
    return _("ข้อมูลไม่ถูกต้อง")
