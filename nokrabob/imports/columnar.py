"""The row rules on a block of rows, column by column.

``RowNormaliser.row`` cleans one row at a time. Across a block of rows the same dates, names, districts and
words come back again and again, and most of the rest is the interpreter's cost per cell. Here each column
is cleaned in one pass: repeated cells through a memo filled only with the values it has not seen yet,
national IDs, phones and addresses through replacements and checks made on the whole column at once.

A row that any column finds wrong, or whose cells this path does not read (rows too short, XLSX numbers,
dates and empty cells), is run through ``row`` again: ``row`` stays the one reference for what is rejected
and why, so this path only has to agree with it on the clean values and on which rows are rejected
(``tests/test_columnar.py`` compares both on messy files and edge cases).

The passes over a column are quick only while the block's cells sit in the processor's cache: blocks of
``BLOCK_ROWS`` rows, cleaned as soon as they are read (``pipeline.Producer.chunks``), are about twice as fast
as a whole 10,000-row chunk at once.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, Any

from nokrabob.imports.coded import NOTHING
from nokrabob.imports.normalise import (
    _MONTHS,
    _SEX_WORDS,
    _THAI_DIGITS,
    BE_OFFSET,
    MEMO_LIMIT,
    _squeeze,
    clean_id,
    fast_id_ok,
    fast_phone,
    parse_income,
    phone_ok,
)

if TYPE_CHECKING:
    from nokrabob.imports.normalise import RowNormaliser

BLOCK_ROWS = 128  # measured: 64 and 256 are slower
KEY_SEPARATOR = "\x1f"  # the unit separator, between the cells of a memo key made of several cells
Clean = tuple[Any, ...]
Reasons = list[tuple[str, str]]
NAME_CELLS = ("title", "first_name", "last_name", "full_name")
AREA_CELLS = ("province", "district", "subdistrict")
_NO_NAME = ("", "", "", "", "", "U")  # title, first, last, first sound, last sound, sex from the title
_NO_AREA = ("", "", "", "", None)  # province, district, sub-district, postal code, responsible unit
_DIGIT_PAIRS = tuple(zip("๐๑๒๓๔๕๖๗๘๙", "0123456789", strict=True))
# The usual ways of writing a date, a subset of what ``parse_any_date`` reads, one per line.
_USUAL_DATE_LINES = re.compile(
    r"^(?:([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})"  # 5/1/2510
    r"|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"  # 1967-01-05
    r"|([0-9]{1,2}) ([^0-9\s]+) ([0-9]{4})"  # 5 ม.ค. 2510
    r"|.*)$",  # anything else, read the long way
    re.MULTILINE,
)
# A phone in ``fast_phone``'s form that is not the usual 0 and 8 or 9 more digits (an empty line is fine).
_UNUSUAL_PHONE = re.compile(r"^(?!0[0-9]{8,9}$).+$", re.MULTILINE)


class _Rejected:
    """What a memo's ``compute`` returns for a cell that gets its row rejected."""


REJECTED: Any = _Rejected()
_UNKNOWN: Any = object()  # a memo's answer for a value it has not seen (or rejected)


class ColumnMemo:
    """Cell (or key of cells) → clean value, computed once per distinct value and kept across blocks.

    ``compute`` returns ``REJECTED`` for a value whose row the rules refuse, or whose cell this path does
    not read (not text); ``placeholder`` then stands in for it so the row can still be assembled (``row``'s
    answer replaces it). ``compute_many``, when given, does the work of ``compute`` for a list of new values
    at once. Rejected values are kept apart, so one look-up per cell finds the clean values and one scan
    tells whether any cell was new or rejected. Both are emptied when they would pass ``MEMO_LIMIT``.
    """

    def __init__(
        self,
        compute: Callable[[Any], Any],
        placeholder: Any = "",
        compute_many: Callable[[list[Any]], list[Any]] | None = None,
    ) -> None:
        self.compute_many = compute_many or (lambda keys: list(map(compute, keys)))
        self.placeholder = placeholder
        self.values: dict[Hashable, Any] = {}
        self.rejected: set[Hashable] = set()

    def column(self, cells: Sequence[Hashable]) -> tuple[list[Any], list[int]]:
        """The clean values of ``cells`` and the positions of the rejected ones."""
        values = list(map(self.values.get, cells, repeat(_UNKNOWN)))
        if _UNKNOWN not in values:
            return values, []
        positions = [i for i, value in enumerate(values) if value is _UNKNOWN]
        self._learn({cells[i] for i in positions}.difference(self.rejected))
        rejected = []
        for i in positions:
            value = self.values.get(cells[i], REJECTED)
            if value is REJECTED:
                rejected.append(i)
                value = self.placeholder
            values[i] = value
        return values, rejected

    def _learn(self, keys: set[Hashable]) -> None:
        if not keys:
            return
        if len(self.values) + len(self.rejected) + len(keys) > MEMO_LIMIT:
            self.values.clear()
            self.rejected.clear()
        new = list(keys)
        for key, value in zip(new, self.compute_many(new), strict=True):
            if value is REJECTED:
                self.rejected.add(key)
            else:
                self.values[key] = value


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a block is read and cleaned: the block makes thousands of
    containers (rows, keys, clean tuples) that hold no cycles, and the collector would otherwise walk them,
    and every other young object, again and again while they are being made. It runs once afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def usual_date(groups: tuple[str, ...], today: dt.date, oldest_year: int) -> dt.date | None:
    """The date of a line ``_USUAL_DATE_LINES`` read, when it is right and within the birth-date limits
    (``RowNormaliser._date``); None otherwise."""
    day, month, year, iso_year, iso_month, iso_day, named_day, month_name, named_year = groups
    if iso_year:
        year, month, day = iso_year, iso_month, iso_day
    elif named_day:
        number = _MONTHS.get(month_name)
        if number is None:
            return None
        year, month, day = named_year, str(number), named_day
    elif not day:
        return None
    y = int(year)
    if y > 2400:
        y -= BE_OFFSET
    try:
        date = dt.date(y, int(month), int(day))
    except ValueError:
        return None
    return date if date <= today and y >= oldest_year else None


# ── whole-column text work ───────────────────────────────────────────────────────────────────────────


def arabic_digits(text: str) -> str:
    """Thai digits to Arabic ones: on a long text, ten ``replace`` calls are many times quicker than
    ``translate``, which looks every character up on its own once the text is not ASCII."""
    for thai, arabic in _DIGIT_PAIRS:
        if thai in text:
            text = text.replace(thai, arabic)
    return text


def _joined(values: Sequence[str]) -> str | None:
    """The values joined by newlines, so that one ``replace`` serves the whole column;
    None when a value holds a newline itself (the text could not be split back)."""
    text = "\n".join(values)
    return text if text.count("\n") == len(values) - 1 else None


def clean_id_text(text: str) -> str:
    """``clean_id`` of every line of ``text``."""
    if not text.isascii():
        text = arabic_digits(text)
    for dropped in " -.\t\xa0":
        if dropped in text:
            text = text.replace(dropped, "")
    return text


_CHECK_WEIGHTS = sum((position + 2) << (16 * position) for position in range(12))
# The weighted sum of a 13-digit ID's first 12 characters (their code points, ``ord("0")`` is 48) → the
# character its check digit must be, as in ``fast_id_ok``.
_CHECK_CHARACTER = bytes(
    48 + (11 - (total - 48 * 90) % 11) % 10 if total >= 48 * 90 else 0 for total in range(57 * 90 + 1)
)


def refused_ids(text: str, count: int) -> list[int] | None:
    """The line numbers of the IDs ``fast_id_ok`` refuses, in ``count`` lines of 13 ASCII digits each;
    None when the lines are not all of that form.

    Every ID's weighted digit sum comes from one multiplication of big integers: the text becomes one
    number with a 16-bit slot per character (its UTF-16 encoding), and multiplying it by the weights
    (2..13 in slots 0..11) puts in slot 14k + 11 the weighted sum of the first 12 characters of line k.
    No sum reaches 16 bits, so the slots never carry into each other.
    """
    if len(text) != 14 * count - 1 or not text.isascii() or text[13::14] != "\n" * (count - 1):
        return None
    characters = text.encode()
    if not characters.replace(b"\n", b"").isdigit():
        return None
    product = int.from_bytes(text.encode("utf-16-le"), "little") * _CHECK_WEIGHTS
    sums = memoryview(product.to_bytes(2 * (len(text) + 12), "little")).cast("H")[11 : 14 * count : 14]
    expected = bytes(map(_CHECK_CHARACTER.__getitem__, sums))
    written, categories = characters[12::14], characters[::14]
    if expected == written and b"9" not in categories:
        return []
    return [
        k for k, (check, digit, category) in enumerate(zip(expected, written, categories, strict=True))
        if check != digit or category == 57  # "9"
    ]  # fmt: skip


def phone_text(text: str) -> str:
    """Every line of ``text`` (one phone each) in ``fast_phone``'s form when written the usual ways (Thai
    digits, dashes, spaces, a leading +66); other writings keep characters that ``_UNUSUAL_PHONE`` finds."""
    if not text.isascii():
        text = arabic_digits(text)
    text = "\n" + text.replace("-", "").replace(" ", "")
    return text.replace("\n+66", "\n0")[1:]


def exact_phone(raw: str) -> str | None:
    """``row``'s phone rule on one stripped cell: the phone, or None when it is refused."""
    if len(raw) == 10 and raw[0] == "0" and raw.isdigit() and raw.isascii():
        return raw
    phone = fast_phone(raw)
    return phone if phone_ok(phone) else None


def translate_digits(stripped: Sequence[str]) -> list[str]:
    """Thai digits to Arabic in every cell (the form of house numbers and moo)."""
    text = _joined(stripped)
    if text is None:
        return [cell.translate(_THAI_DIGITS) for cell in stripped]
    if not text.isascii():
        text = arabic_digits(text)
    return text.split("\n")


def squeeze_all(stripped: Sequence[str]) -> list[str]:
    """``_squeeze`` of every cell, with one look at the whole column when no cell needs it."""
    text = _joined(stripped)
    if text is None or "  " in text or "\t" in text:
        return list(map(_squeeze, stripped))
    return list(stripped)


class ColumnarRules:
    """``RowNormaliser``'s rules for a block of rows; built once per normaliser, its memos live as long."""

    def __init__(self, normaliser: RowNormaliser) -> None:
        self.normaliser = normaliser
        self.positions = dict(normaliser.mapping)
        self.width = max(self.positions.values(), default=-1) + 1
        # Transposing whole rows is quickest unless most of their columns are not mapped.
        self.transpose_all = self.width <= 2 * len(set(self.positions.values()))
        self.names = ColumnMemo(self._names, _NO_NAME)
        self.sexes = ColumnMemo(self._sex)
        self.dates = ColumnMemo(self._birth_date, compute_many=self._birth_dates)
        self.areas = ColumnMemo(self._area, _NO_AREA)
        self.postal_codes = ColumnMemo(self._postal_code)
        self.occupations = ColumnMemo(self._coded("occupation"), NOTHING)
        self.schemes = ColumnMemo(self._coded("scheme"), NOTHING)
        self.incomes = ColumnMemo(self._income)
        self._name_cells = self._cell_reader(NAME_CELLS)
        self._area_cells = self._cell_reader(AREA_CELLS)

    def rows(self, chunk: Sequence[Sequence[Any]]) -> list[tuple[Clean | None, Reasons]]:
        """``row``'s answer for every row of ``chunk``, in order (worked out ``BLOCK_ROWS`` at a time)."""
        answers: list[tuple[Clean | None, Reasons]] = []
        for start in range(0, len(chunk), BLOCK_ROWS):
            cleans, reasons = self.split(chunk[start : start + BLOCK_ROWS])
            answers.extend((clean, reasons.get(i, [])) for i, clean in enumerate(cleans))
        return answers

    def split(self, block: Sequence[Sequence[Any]]) -> tuple[list[Clean | None], dict[int, Reasons]]:
        """Every row's clean tuple (None for a rejected row), and the reasons of the rejected rows by
        position."""
        cleans: list[Clean | None]
        cleans, unsure = self.clean(block)  # type: ignore[assignment]
        reasons: dict[int, Reasons] = {}
        row = self.normaliser.row
        for index in sorted(unsure):
            clean, found = row(block[index])
            cleans[index] = clean
            if clean is None:
                reasons[index] = found
        return cleans, reasons

    def clean(self, block: Sequence[Sequence[Any]]) -> tuple[list[Clean], set[int]]:
        """Every row's clean tuple, and the positions of the rows that must go through ``row`` (their
        tuples here are placeholders)."""
        size = len(block)
        if not size:
            return [], set()
        columns, unsure = self._columns(block)
        blank: Sequence[Any] = ("",) * size
        nothing: Sequence[Any] = (None,) * size

        def memo(memo: ColumnMemo, cells: Sequence[Hashable]) -> list[Any]:
            values, rejected = memo.column(cells)
            unsure.update(rejected)
            return values

        def stripped(target: str) -> list[str]:
            return self._stripped(columns[target], unsure)

        sexes: Sequence[Any]
        postal_codes: Sequence[Any]
        titles, firsts, lasts, first_sounds, last_sounds, sexes = zip(
            *memo(self.names, self._keys(columns, NAME_CELLS, size)), strict=True
        )
        if "sex" in columns:
            sexes = memo(self.sexes, list(zip(columns["sex"], sexes, strict=True)))
        provinces, districts, subdistricts, postal_codes, units = zip(
            *memo(self.areas, self._keys(columns, AREA_CELLS, size)), strict=True
        )
        if "postal_code" in columns:
            written = memo(self.postal_codes, columns["postal_code"])
            postal_codes = [mine or area for mine, area in zip(written, postal_codes, strict=True)]
        ids = self._national_ids(stripped("national_id"), unsure) if "national_id" in columns else nothing
        births = memo(self.dates, columns["birth_date"]) if "birth_date" in columns else nothing
        phones = self._phones(stripped("phone"), unsure) if "phone" in columns else blank
        house_numbers = (
            translate_digits(squeeze_all(stripped("house_no"))) if "house_no" in columns else blank
        )
        moos = translate_digits(stripped("moo")) if "moo" in columns else blank
        sois = squeeze_all(stripped("soi")) if "soi" in columns else blank
        roads = squeeze_all(stripped("road")) if "road" in columns else blank
        incomes = memo(self.incomes, columns["monthly_income"]) if "monthly_income" in columns else nothing
        nothing_coded: Sequence[Any] = ((),) * size
        occupations, unknown_occupations = (
            zip(*memo(self.occupations, columns["occupation"]), strict=True)
            if "occupation" in columns
            else (nothing_coded, nothing_coded)
        )
        schemes, unknown_schemes = (
            zip(*memo(self.schemes, columns["scheme"]), strict=True)
            if "scheme" in columns
            else (nothing_coded, nothing_coded)
        )
        cleans = list(
            zip(
                ids, titles, firsts, lasts, sexes, births, phones, house_numbers, moos, sois, roads,
                subdistricts, districts, provinces, postal_codes, incomes, first_sounds, last_sounds, units,
                occupations, schemes, map(add, unknown_occupations, unknown_schemes), strict=True,
            )
        )  # fmt: skip
        return cleans, unsure

    # ── reading the block ────────────────────────────────────────────────────────────────────────────
    def _columns(self, block: Sequence[Sequence[Any]]) -> tuple[dict[str, Sequence[Any]], set[int]]:
        """The mapped columns of the block (target → cells), and the rows too short to hold every mapped
        cell (they read as empty here and go through ``row``)."""
        short: set[int] = set()
        width = self.width
        if min(map(len, block)) < width:
            short = {i for i, values in enumerate(block) if len(values) < width}
            padding = [""] * width
            block = [padding if i in short else values for i, values in enumerate(block)]
        if self.transpose_all:
            table = list(zip(*block, strict=False))  # up to the shortest row, which holds every mapped cell
            return {target: table[index] for target, index in self.positions.items()}, short
        return {
            target: list(map(itemgetter(index), block)) for target, index in self.positions.items()
        }, short

    @staticmethod
    def _stripped(cells: Sequence[Any], unsure: set[int]) -> list[str]:
        """The cells stripped; a cell that is not text reads as "" and its row goes through ``row``."""
        try:
            return list(map(str.strip, cells))
        except TypeError:
            unsure.update(i for i, cell in enumerate(cells) if not isinstance(cell, str))
            return [cell.strip() if isinstance(cell, str) else "" for cell in cells]

    @staticmethod
    def _keys(columns: dict[str, Sequence[Any]], targets: tuple[str, ...], size: int) -> Sequence[Hashable]:
        """Memo keys for the cells of ``targets`` taken together: the one mapped column as it is, or the
        mapped ones per row joined by ``KEY_SEPARATOR`` (quicker to look up than tuples), or as tuples
        when a cell is not text or holds the separator."""
        mapped = [columns[target] for target in targets if target in columns]
        if len(mapped) == 1:
            return mapped[0]
        if not mapped:
            return [()] * size
        try:
            keys = list(map(KEY_SEPARATOR.join, zip(*mapped, strict=True)))
        except TypeError:
            keys = []
        if len(keys) == size and "".join(keys).count(KEY_SEPARATOR) == (len(mapped) - 1) * size:
            return keys
        return list(zip(*mapped, strict=True))

    def _cell_reader(self, targets: tuple[str, ...]) -> Callable[[Any], list[str] | None]:
        """The stripped cells of every one of ``targets`` ("" where not mapped) from a key of ``_keys``;
        None when one is not text."""
        mapped = [target for target in targets if target in self.positions]

        def read(key: Any) -> list[str] | None:
            if len(mapped) == 1:
                cells = [key]
            else:
                cells = key.split(KEY_SEPARATOR) if isinstance(key, str) else list(key)
            if not all(isinstance(cell, str) for cell in cells):
                return None
            found = dict(zip(mapped, cells, strict=True))
            return [found.get(target, "").strip() for target in targets]

        return read

    # ── columns checked as a whole ───────────────────────────────────────────────────────────────────
    @staticmethod
    def _national_ids(stripped: list[str], unsure: set[int]) -> list[str | None]:
        text = _joined(stripped)
        if text is not None:
            text = clean_id_text(text)
        cleaned = list(map(clean_id, stripped)) if text is None else text.split("\n")
        if "" not in cleaned:
            refused = refused_ids(text, len(cleaned)) if text is not None else None
            if refused is None:
                refused = [i for i, nid in enumerate(cleaned) if not fast_id_ok(nid)]
            unsure.update(refused)
            return cleaned  # type: ignore[return-value]
        unsure.update(i for i, nid in enumerate(cleaned) if nid and not fast_id_ok(nid))
        return [nid or None for nid in cleaned]

    @staticmethod
    def _phones(stripped: list[str], unsure: set[int]) -> list[str]:
        text = _joined(stripped)
        if text is None:  # a cell holds a line break: each phone the long way
            exact = list(map(exact_phone, stripped))
            unsure.update(i for i, phone in enumerate(exact) if phone is None)
            return [phone or "" for phone in exact]
        text = phone_text(text)
        phones = text.split("\n")
        for unusual in _UNUSUAL_PHONE.finditer(text):
            i = text.count("\n", 0, unusual.start())
            phone = exact_phone(stripped[i])
            if phone is None:
                unsure.add(i)
            else:
                phones[i] = phone
        return phones

    # ── memo computations, once per distinct value ───────────────────────────────────────────────────
    def _names(self, key: Any) -> tuple[str, ...]:
        cells = self._name_cells(key)
        if cells is None:
            return REJECTED
        names = self.normaliser._split_names(*cells)
        return names if names[1] else REJECTED

    @staticmethod
    def _sex(key: tuple[Any, str]) -> str:
        raw, title_sex = key
        if not isinstance(raw, str):
            return REJECTED
        raw = raw.strip()
        return _SEX_WORDS.get(raw.lower(), title_sex) if raw else title_sex

    def _birth_date(self, raw: Any) -> str | None:
        if not isinstance(raw, str):
            return REJECTED
        text = raw.strip()
        if not text:
            return None
        found = self.normaliser._date(text)
        return REJECTED if isinstance(found, str) else found.isoformat()

    def _birth_dates(self, raws: list[Any]) -> list[Any]:
        """``_birth_date`` of many cells: one regular expression reads the usual writings of all of them,
        joined; any other writing, and any date that is wrong, goes the long way."""
        try:
            stripped = list(map(str.strip, raws))
        except TypeError:
            return list(map(self._birth_date, raws))
        text = _joined(stripped)
        if text is None:
            return list(map(self._birth_date, raws))
        found = _USUAL_DATE_LINES.findall(arabic_digits(text) if not text.isascii() else text)
        if len(found) != len(stripped):
            return list(map(self._birth_date, raws))
        today, oldest_year = self.normaliser.today, self.normaliser._oldest_year
        dates = []
        for raw, groups in zip(stripped, found, strict=True):
            date = usual_date(groups, today, oldest_year)
            dates.append(date.isoformat() if date is not None else self._birth_date(raw))
        return dates

    def _area(self, key: Any) -> tuple[Any, ...]:
        cells = self._area_cells(key)
        if cells is None:
            return REJECTED
        normaliser = self.normaliser
        area = normaliser._area(*cells)
        if len(area) == 2:
            return REJECTED
        province_code, district_code, sub_code, postal = area
        scope = normaliser.scope
        if scope is not None and not scope.allows(province_code=province_code, district_code=district_code):
            return REJECTED
        units = normaliser._units
        unit = units.get(district_code) if province_code == "10" else units.get(province_code)
        return province_code, district_code, sub_code, postal, unit

    @staticmethod
    def _postal_code(raw: Any) -> str:
        if not isinstance(raw, str):
            return REJECTED
        text = raw.strip()
        if not text:
            return ""
        postal = text.translate(_THAI_DIGITS)
        return postal if len(postal) == 5 and postal.isdigit() else REJECTED

    def _coded(self, kind: str) -> Callable[[Any], Any]:
        matcher = self.normaliser.coded[kind]

        def coded(raw: Any) -> Any:
            if not isinstance(raw, str):
                return REJECTED
            return matcher.cell(raw.strip())

        return coded

    @staticmethod
    def _income(raw: Any) -> str | None:
        if not isinstance(raw, str):
            return REJECTED
        text = raw.strip()
        if not text:
            return None
        income, _message = parse_income(text)
        return REJECTED if income is None else income
