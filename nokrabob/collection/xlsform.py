"""XLSForm in and out: the ``survey`` and ``choices`` sheets that KoBoToolbox and ODK users already write.

Read: types ``text``, ``integer``, ``decimal``, ``date``, ``select_one LIST``, ``select_multiple LIST``
(yes/no is a choice list); columns ``name``, ``label`` (or ``label::…``), ``hint``, ``required``,
``constraint``, ``constraint_message``, ``relevant``, and two of Nokrabob's own: ``follow_up_scheme`` (the
code of a registry scheme, e.g. ``s40``) and ``follow_up_answer`` (the choice that means "wants to join it",
``yes`` when empty) mark a question whose answer opens a follow-up for the district on approval (ADR 0209).
Anything else is refused with its row number, so a form never loads half-understood. Written back with the
same columns, so a file round-trips.

A workbook is checked before it is opened (``COLLECTION_XLSFORM_MAX_BYTES`` packed,
``COLLECTION_XLSFORM_MAX_UNCOMPRESSED_BYTES`` expanded) and its sheets are read row by row, up to
``COLLECTION_XLSFORM_MAX_ROWS`` rows each (empty rows included), so a huge sheet is refused in a moment
instead of being read whole. Control characters are removed from every cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from nokrabob.collection import expressions
from nokrabob.collection.models import Campaign, QuestionType
from nokrabob.core.errors import DomainError
from nokrabob.core.text import size_text, strip_control
from nokrabob.core.xlsx import ArchiveLimits, as_text_cells, check_archive

SUPPORTED_TYPES = {t.value for t in QuestionType}
# Names the registration form already uses for the registry's own fields.
RESERVED_NAMES = {
    "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "soi",
    "road", "subdistrict_code", "occupation", "monthly_income", "has_disability", "consent",
    "sensitive_consent", "website", "district", "consent_channel", "lawful_basis",
}  # fmt: skip
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
MAX_QUESTIONS = 200
MAX_CHOICES = 2000
SURVEY_COLUMNS = [
    "type", "name", "label", "hint", "required", "constraint", "constraint_message", "relevant",
    "follow_up_scheme", "follow_up_answer",
]  # fmt: skip
CHOICE_COLUMNS = ["list_name", "name", "label"]


@dataclass
class ParsedQuestion:
    name: str
    label: str
    type: str
    list_name: str = ""
    hint: str = ""
    required: bool = False
    constraint: str = ""
    constraint_message: str = ""
    relevant: str = ""
    follow_up_scheme: str = ""  # a registry scheme's code
    follow_up_answer: str = ""  # the choice that means "wants to join"


@dataclass
class ParsedChoice:
    list_name: str
    name: str
    label: str


@dataclass
class ParsedForm:
    questions: list[ParsedQuestion] = field(default_factory=list)
    choices: list[ParsedChoice] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_control(str(value)).strip()


def _too_many_rows(name: str, limit: int) -> DomainError:
    return DomainError(
        _("แผ่นงาน %(sheet)s มีเกิน %(n)s แถว (นับรวมแถวว่าง) โปรดลบแถวที่ไม่ใช้ออกแล้วอัปโหลดใหม่")
        % {"sheet": name, "n": f"{limit:,}"},
        field="file",
    )


def _stream(sheet: Any, name: str) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows one by one, refused past ``COLLECTION_XLSFORM_MAX_ROWS``."""
    limit = settings.COLLECTION_XLSFORM_MAX_ROWS
    if (sheet.max_row or 0) > limit:  # the size the sheet declares: refused before reading a row
        raise _too_many_rows(name, limit)
    # Read what is there, not the declared size: a sheet declaring 16,384 columns would pad every row.
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limit:
            raise _too_many_rows(name, limit)
        yield row


def _rows(sheet: Any, name: str) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """The sheet's header ({column name: index}) and its non-empty rows, numbered, as an iterator."""
    rows = _stream(sheet, name)
    first = next(rows, None)
    if first is None:
        return {}, iter(())
    header = {}
    for index, title in enumerate(first):
        key = _cell(title).lower()
        if key.startswith("label") and "label" not in header:
            key = "label"  # label::Thai (th) and the like
        if key.startswith("hint") and "hint" not in header:
            key = "hint"
        if key.startswith("constraint_message") and "constraint_message" not in header:
            key = "constraint_message"
        if key and key not in header:
            header[key] = index
    body = (
        (n, [_cell(v) for v in row])
        for n, row in enumerate(rows, start=2)
        if any(v not in (None, "") for v in row)
    )
    return header, body


def _get(header: dict[str, int], row: list[str], column: str) -> str:
    index = header.get(column)
    return row[index] if index is not None and index < len(row) else ""


def _fail(sheet: str, row: int, message: str) -> DomainError:
    return DomainError(
        _("แผ่นงาน %(sheet)s แถวที่ %(row)s: %(message)s") % {"sheet": sheet, "row": row, "message": message},
        field="file",
    )


def parse_xlsform(source: IO[bytes] | bytes) -> ParsedForm:
    """Read an XLSForm workbook; raise ``DomainError`` (field ``file``) saying which row is wrong."""
    data = source if isinstance(source, bytes) else source.read(settings.COLLECTION_XLSFORM_MAX_BYTES + 1)
    check_size(len(data))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DomainError(_("เปิดไฟล์ไม่ได้ ไฟล์ต้องเป็น .xlsx ที่มีแผ่นงาน survey และ choices"), field="file")
    check_archive(
        io.BytesIO(data),
        ArchiveLimits(
            max_uncompressed=settings.COLLECTION_XLSFORM_MAX_UNCOMPRESSED_BYTES,
            max_shared_strings=settings.COLLECTION_XLSFORM_MAX_UNCOMPRESSED_BYTES,
            max_ratio=settings.IMPORTS_XLSX_MAX_RATIO,
        ),
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("เปิดไฟล์ไม่ได้ ไฟล์ต้องเป็น .xlsx ที่มีแผ่นงาน survey และ choices"), field="file") from None
    try:
        return _parse(workbook)
    finally:
        workbook.close()


def check_size(size: int) -> None:
    """Refuse an XLSForm larger than ``COLLECTION_XLSFORM_MAX_BYTES`` (the upload form asks this too)."""
    limit = settings.COLLECTION_XLSFORM_MAX_BYTES
    if size > limit:
        raise DomainError(
            _("ไฟล์ XLSForm ใหญ่เกิน %(size)s โปรดลบแผ่นงานหรือแถวที่ไม่ใช้") % {"size": size_text(limit)},
            field="file",
        )


def _parse(workbook: Any) -> ParsedForm:
    sheets = {name.lower(): workbook[name] for name in workbook.sheetnames}
    if "survey" not in sheets:
        raise DomainError(_("ไม่พบแผ่นงาน survey ในไฟล์"), field="file")
    form = ParsedForm()
    if "choices" in sheets:
        header, body = _rows(sheets["choices"], "choices")
        for number, row in body:
            list_name, name, label = (_get(header, row, c) for c in CHOICE_COLUMNS)
            if not (list_name and name and label):
                raise _fail("choices", number, _("ต้องมี list_name, name และ label"))
            if len(name) > 60 or len(label) > 200 or not _NAME.match(list_name):
                raise _fail("choices", number, _("ชื่อหรือข้อความยาวเกินไปหรือมีอักขระที่ไม่รองรับ"))
            form.choices.append(ParsedChoice(list_name, name, label))
            if len(form.choices) > MAX_CHOICES:
                raise DomainError(_("ตัวเลือกมากเกิน %(n)s รายการ") % {"n": MAX_CHOICES}, field="file")
    lists = {c.list_name for c in form.choices}
    header, body = _rows(sheets["survey"], "survey")
    for number, row in body:
        question = _parse_question(header, row, number, lists)
        _check_follow_up(question, number, form.choices)
        form.questions.append(question)
        if len(form.questions) > MAX_QUESTIONS:
            raise DomainError(_("คำถามมากเกิน %(n)s ข้อ") % {"n": MAX_QUESTIONS}, field="file")
    _check_names(form)
    return form


def _parse_question(header: dict[str, int], row: list[str], number: int, lists: set[str]) -> ParsedQuestion:
    raw_type = " ".join(_get(header, row, "type").split())
    kind, _sep, list_name = raw_type.partition(" ")
    if kind not in SUPPORTED_TYPES:
        raise _fail("survey", number, _("ไม่รองรับชนิดคำถาม “%(type)s”") % {"type": raw_type})
    is_select = kind in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
    if is_select and list_name not in lists:
        raise _fail("survey", number, _("ไม่พบชุดตัวเลือก “%(list)s” ในแผ่นงาน choices") % {"list": list_name})
    if not is_select and list_name:
        raise _fail("survey", number, _("ไม่รองรับชนิดคำถาม “%(type)s”") % {"type": raw_type})
    name, label = _get(header, row, "name"), _get(header, row, "label")
    if not _NAME.match(name):
        raise _fail("survey", number, _("ชื่อตัวแปร “%(name)s” ต้องเป็นอักษรอังกฤษ ตัวเลข หรือ _") % {"name": name})
    if name in RESERVED_NAMES:
        raise _fail("survey", number, _("ชื่อตัวแปร “%(name)s” ซ้ำกับข้อมูลหลักของทะเบียน") % {"name": name})
    if not label or len(label) > 300:
        raise _fail("survey", number, _("ต้องมีข้อความคำถาม (ไม่เกิน 300 ตัวอักษร)"))
    required = _get(header, row, "required").lower() in ("yes", "true", "1", "true()", "ใช่")
    question = ParsedQuestion(
        name=name,
        label=label,
        type=kind,
        list_name=list_name,
        hint=_get(header, row, "hint")[:300],
        required=required,
        constraint=_get(header, row, "constraint"),
        constraint_message=_get(header, row, "constraint_message")[:300],
        relevant=_get(header, row, "relevant"),
        follow_up_scheme=_get(header, row, "follow_up_scheme"),
        follow_up_answer=_get(header, row, "follow_up_answer")[:60],
    )
    try:
        expressions.parse(question.constraint)
        expressions.parse(question.relevant)
    except expressions.ExpressionError as exc:
        raise _fail("survey", number, str(exc)) from None
    return question


def _check_follow_up(question: ParsedQuestion, number: int, choices: list[ParsedChoice]) -> None:
    """A follow-up mark names a scheme the registry knows and a choice of the question's own list."""
    from nokrabob.registry.models import Scheme

    if not question.follow_up_scheme:
        if question.follow_up_answer:
            raise _fail("survey", number, _("ระบุ follow_up_answer แล้ว แต่ยังไม่ได้ระบุ follow_up_scheme"))
        return
    if not question.list_name:
        raise _fail("survey", number, _("คำถามที่ใช้ติดตามการสมัครสวัสดิการต้องเป็นคำถามแบบเลือกตอบ"))
    if not Scheme.objects.filter(code=question.follow_up_scheme, is_active=True).exists():
        known = ", ".join(Scheme.objects.filter(is_active=True).values_list("code", flat=True))
        raise _fail(
            "survey",
            number,
            _("ไม่รู้จักรหัสสวัสดิการ “%(code)s” (รหัสที่ใช้ได้: %(known)s)")
            % {"code": question.follow_up_scheme, "known": known},
        )
    question.follow_up_answer = question.follow_up_answer or "yes"
    names = {c.name for c in choices if c.list_name == question.list_name}
    if question.follow_up_answer not in names:
        raise _fail(
            "survey",
            number,
            _("ไม่พบตัวเลือก “%(answer)s” ในชุดตัวเลือก “%(list)s”")
            % {"answer": question.follow_up_answer, "list": question.list_name},
        )


def _check_names(form: ParsedForm) -> None:
    seen: set[str] = set()
    for question in form.questions:
        if question.name in seen:
            raise DomainError(_("ชื่อตัวแปร “%(name)s” ซ้ำกัน") % {"name": question.name}, field="file")
        refs = expressions.references(expressions.parse(question.relevant)) | expressions.references(
            expressions.parse(question.constraint)
        )
        unknown = refs - seen - {question.name}
        if unknown:
            raise DomainError(
                _("คำถาม “%(name)s” อ้างถึง %(refs)s ซึ่งต้องอยู่ก่อนหน้าในแบบสอบถาม")
                % {"name": question.name, "refs": ", ".join(sorted(unknown))},
                field="file",
            )
        seen.add(question.name)
    pairs = [(c.list_name, c.name) for c in form.choices]
    if len(pairs) != len(set(pairs)):
        raise DomainError(_("มีตัวเลือกซ้ำกันในชุดตัวเลือกเดียวกัน"), field="file")


def export_xlsform(campaign: Campaign) -> bytes:
    """The campaign's questions as an XLSForm workbook (survey, choices, settings)."""
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for q in campaign.questions.select_related("interest_scheme").order_by("position", "id"):
        kind = f"{q.type} {q.list_name}" if q.list_name else q.type
        survey.append(
            [
                kind,
                q.name,
                q.label,
                q.hint,
                "yes" if q.required else "",
                q.constraint,
                q.constraint_message,
                q.relevant,
                q.interest_scheme.code if q.interest_scheme else "",
                q.interest_answer if q.interest_scheme else "",
            ]
        )
    choices = workbook.create_sheet("choices")
    choices.append(CHOICE_COLUMNS)
    for c in campaign.choices.order_by("list_name", "position", "id"):
        choices.append([c.list_name, c.name, c.label])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append([campaign.name, f"nokrabob_campaign_{campaign.pk}", "th"])
    as_text_cells(workbook)  # a label or a campaign name typed as "=…" stays text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
