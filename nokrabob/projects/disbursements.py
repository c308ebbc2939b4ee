"""Budget disbursed per month, loaded from the finance system's export (GFMIS) instead of typed.

The user uploads the export (XLSX or CSV) from the plan's page and names its columns: the month (a date,
a Thai month such as "ต.ค. 2567" or "ตุลาคม", or the finance system's period number, 1 = October), the
amount, and optionally the unit code (each row must then be the plan's own unit). Rows of one month are
added up; the total replaces that month's disbursement in its monthly report. The whole file loads or
nothing does: every row's problem is listed, in Thai, with its row number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.text import size_text
from nokrabob.core.thai import THAI_MONTHS, THAI_MONTHS_ABBR, parse_be_date, to_arabic_digits
from nokrabob.core.xlsx import ArchiveLimits, open_workbook
from nokrabob.projects.models import ActionPlan, MonthlyReport
from nokrabob.projects.plan_services import allocation_for_year, require_editor

MAX_ROWS = 10_000  # a year of one office's postings is a few hundred
MAX_ERRORS_SHOWN = 50


@dataclass(frozen=True)
class Columns:
    """The columns of the export, each a header text or a column letter (A, B, …)."""

    month: str
    amount: str
    unit: str = ""


@dataclass(frozen=True)
class Loaded:
    months: dict[int, Decimal]  # fiscal month → amount now recorded
    rows: int


class SheetError(DomainError):
    """The file cannot be loaded; ``problems`` lists each row's problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message, field="file")
        self.problems = problems or []


def read_table(upload: Any) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows of an uploaded XLSX or CSV, within the upload limits."""
    limit = settings.IMPORTS_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise SheetError(_("ไฟล์ใหญ่เกิน %(size)s") % {"size": size_text(limit)})
    name = Path(upload.name or "").suffix.lower()
    if name == ".xlsx":
        rows = _xlsx_rows(upload)
    elif name in (".csv", ".txt"):
        rows = _csv_rows(upload.read())
    else:
        raise SheetError(_("รับเฉพาะไฟล์ .xlsx หรือ .csv ที่ส่งออกจากระบบการเงิน"))
    rows = [r for r in rows if any(str(c or "").strip() for c in r)]
    if not rows:
        raise SheetError(_("ไฟล์ไม่มีข้อมูล"))
    if len(rows) - 1 > MAX_ROWS:
        raise SheetError(_("ไฟล์มีเกิน %(n)s แถว") % {"n": f"{MAX_ROWS:,}"})
    return [str(c or "").strip() for c in rows[0]], rows[1:]


def _xlsx_rows(upload: Any) -> list[list[Any]]:
    limits = ArchiveLimits(
        max_uncompressed=settings.IMPORTS_XLSX_MAX_UNCOMPRESSED_BYTES,
        max_shared_strings=settings.IMPORTS_XLSX_MAX_SHARED_STRINGS_BYTES,
        max_ratio=settings.IMPORTS_XLSX_MAX_RATIO,
    )
    path = getattr(upload, "temporary_file_path", None)
    if path is None:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            return _sheet_rows(handle.name, limits)
    return _sheet_rows(path(), limits)


def _sheet_rows(path: str, limits: ArchiveLimits) -> list[list[Any]]:
    with open_workbook(path, limits) as book:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows


def _csv_rows(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_("อ่านไฟล์ CSV ไม่ได้ โปรดบันทึกเป็น CSV (UTF-8)"))
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:  # a cell past the csv module's field size limit (the imports set it), a stray quote
        raise SheetError(
            _("อ่านไฟล์ CSV ไม่ได้ มีช่องที่ยาวเกินไปหรือมีเครื่องหมายคำพูดไม่ครบคู่ โปรดบันทึกจาก Excel เป็น CSV (UTF-8) ใหม่")
        ) from None


def _column_index(header: list[str], wanted: str, label: str) -> int:
    key = wanted.strip()
    for i, name in enumerate(header):
        if name.casefold() == key.casefold():
            return i
    if re.fullmatch(r"[A-Za-z]{1,2}", key):
        index = 0
        for ch in key.upper():
            index = index * 26 + ord(ch) - 64
        if index - 1 < len(header):
            return index - 1
    raise SheetError(
        _("ไม่พบคอลัมน์ %(col)s (%(what)s) ในไฟล์ คอลัมน์ที่มี: %(have)s")
        % {"col": key, "what": label, "have": ", ".join(h for h in header if h) or "-"}
    )


_MONTH_NAMES = {name: i + 1 for i, name in enumerate(THAI_MONTHS)} | {
    abbr.replace(".", ""): i + 1 for i, abbr in enumerate(THAI_MONTHS_ABBR)
}


def fiscal_month(value: Any, plan: ActionPlan) -> int:
    """The fiscal month (1 = October) a cell names; ``ValueError`` with a Thai message if it names none."""
    fy = FiscalYear(plan.fiscal_year)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value not in fy:
            raise ValueError(_("วันที่ %(d)s ไม่อยู่ในปีงบประมาณ %(fy)s") % {"d": value, "fy": plan.fiscal_year})
        return fy.month_of(value).number
    text = to_arabic_digits(str(value if value is not None else "")).strip()
    if re.fullmatch(r"\d{1,2}(\.0+)?", text):
        number = int(float(text))
        if 1 <= number <= 12:
            return number
        raise ValueError(_("งวด %(n)s ไม่มีในปีงบประมาณ (1 = ตุลาคม … 12 = กันยายน)") % {"n": number})
    if "/" in text:
        try:
            return fiscal_month(parse_be_date(text), plan)
        except Exception as exc:  # the date rule's own Thai message is the answer
            raise ValueError(getattr(exc, "messages", [str(exc)])[0]) from None
    words = text.replace(".", "").split()
    if words and words[0] in _MONTH_NAMES:
        calendar_month = _MONTH_NAMES[words[0]]
        number = (calendar_month - 10) % 12 + 1
        year = int(words[1]) if len(words) > 1 and words[1].isdigit() else None
        period = fy.months[number - 1]
        if year is not None and year not in (period.start.year + 543, (period.start.year + 543) % 100):
            raise ValueError(_("%(m)s ไม่อยู่ในปีงบประมาณ %(fy)s") % {"m": str(value), "fy": plan.fiscal_year})
        return number
    raise ValueError(_('อ่านเดือนจาก "%(v)s" ไม่ได้ (ใช้วันที่ ชื่อเดือน หรืองวด 1–12)') % {"v": value})


def amount_of(value: Any) -> Decimal:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = to_arabic_digits(str(value or "")).replace(",", "").replace("บาท", "").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_('จำนวนเงิน "%(v)s" ไม่ใช่ตัวเลข') % {"v": value}) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("จำนวนเงินต้องไม่ติดลบ"))
    return amount.quantize(Decimal("0.01"))


def parse(
    plan: ActionPlan, header: list[str], rows: list[list[Any]], columns: Columns
) -> tuple[dict[int, Decimal], list[str]]:
    """Amounts by fiscal month, and each row's problem (row numbers as the spreadsheet shows them)."""
    month_at = _column_index(header, columns.month, _("เดือน"))
    amount_at = _column_index(header, columns.amount, _("จำนวนเงินเบิกจ่าย"))
    unit_at = _column_index(header, columns.unit, _("รหัสหน่วยงาน")) if columns.unit.strip() else None
    totals: dict[int, Decimal] = defaultdict(Decimal)
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        cells = row + [None] * (max(month_at, amount_at, unit_at or 0) + 1 - len(row))
        try:
            if unit_at is not None and str(cells[unit_at] or "").strip() != plan.unit.code:
                raise ValueError(
                    _("รหัสหน่วยงาน %(code)s ไม่ใช่ของแผนนี้ (%(own)s)")
                    % {"code": cells[unit_at] or "-", "own": plan.unit.code}
                )
            month, amount = fiscal_month(cells[month_at], plan), amount_of(cells[amount_at])
            totals[month] += amount
        except ValueError as exc:
            problems.append(_("แถวที่ %(n)s: %(problem)s") % {"n": number, "problem": exc})
    return dict(totals), problems


@transaction.atomic
def disbursements_load(
    *, actor: Any, plan: ActionPlan, header: list[str], rows: list[list[Any]], columns: Columns
) -> Loaded:
    """Record the file's monthly totals as the months' disbursements: all of them, or none."""
    require_editor(actor, plan.unit)
    totals, problems = parse(plan, header, rows, columns)
    reports = {r.month: r for r in MonthlyReport.objects.select_for_update().filter(plan=plan)}
    for month in sorted(totals):
        if month not in reports:
            period = FiscalYear(plan.fiscal_year).months[month - 1].start
            problems.append(
                _("เดือน%(m)s ยังไม่มีรายงานผลประจำเดือน บันทึกรายงานของเดือนนั้นก่อนจึงโหลดยอดเบิกจ่ายได้")
                % {"m": f"{THAI_MONTHS[period.month - 1]} {period.year + 543}"}
            )
    if not problems:
        after = {m: r.budget_disbursed for m, r in reports.items()} | totals
        allocation = allocation_for_year(plan)
        if allocation and sum(after.values(), Decimal(0)) > allocation:
            problems.append(
                _("ยอดเบิกจ่ายสะสม %(total)s บาท เกินวงเงินที่ได้รับจัดสรร %(allocation)s บาท")
                % {"total": f"{sum(after.values(), Decimal(0)):,.2f}", "allocation": f"{allocation:,.2f}"}
            )
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        if len(problems) > MAX_ERRORS_SHOWN:
            shown.append(_("และอีก %(n)s รายการ") % {"n": len(problems) - MAX_ERRORS_SHOWN})
        raise SheetError(_("ยังไม่ได้โหลดข้อมูล: แก้ไขไฟล์ตามรายการที่แสดงแล้วอัปโหลดใหม่"), shown)
    for month, amount in totals.items():
        report = reports[month]
        before = report.budget_disbursed
        report.budget_disbursed = amount
        report.save(update_fields=["budget_disbursed", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=report,
            changes={"budget_disbursed": [str(before), str(amount)], "source": "spreadsheet"},
        )
    return Loaded(months=totals, rows=len(rows))
