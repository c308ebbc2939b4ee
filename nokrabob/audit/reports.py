"""The "who saw this person" and breach reports as rows, XLSX and PDF (WeasyPrint, Sarabun)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.audit.describe import describe
from nokrabob.audit.models import AuditEvent
from nokrabob.core.pdf import render_pdf
from nokrabob.core.thai import format_be_date

# A report lists at most this many rows; the summary counts them all.
MAX_ROWS = 5000


@dataclass(frozen=True)
class ReportRow:
    at: str
    who: str
    role: str
    what: str
    details: str
    ip: str


def _when(event: AuditEvent) -> str:
    local = timezone.localtime(event.at)
    return f"{format_be_date(local.date())} {local:%H:%M:%S}"


def report_rows(events: QuerySet[AuditEvent]) -> list[ReportRow]:
    rows = []
    for event in events.select_related("actor", "actor__unit")[:MAX_ROWS]:
        d = describe(event)
        actor = event.actor
        role = ""
        if actor is not None:
            role = str(actor.get_role_display())
            if actor.unit is not None:
                role += f" · {actor.unit.name_th}"
        rows.append(
            ReportRow(
                _when(event),
                event.actor_name or _("ระบบ"),
                role,
                d.sentence,
                d.details,
                event.ip_address or "",
            )
        )
    return rows


HEADERS = (
    gettext_lazy("เวลา"), gettext_lazy("บัญชีผู้ใช้"), gettext_lazy("บทบาท/หน่วยงาน"), gettext_lazy("สิ่งที่ทำ"),
    gettext_lazy("รายละเอียด"), gettext_lazy("ที่อยู่ IP"),
)  # fmt: skip


def report_xlsx(title: str, lines: list[str], rows: list[ReportRow]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True, "font_name": "TH Sarabun New", "font_size": 16})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1, "font_name": "TH Sarabun New"})
    cell = book.add_format({"border": 1, "font_name": "TH Sarabun New", "text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(_("รายงาน")[:31])
    for col, width in enumerate((20, 18, 30, 50, 50, 16)):
        sheet.set_column(col, col, width)
    sheet.write(0, 0, title, bold)
    for i, line in enumerate(lines, start=1):
        sheet.write(i, 0, line)
    top = len(lines) + 2
    sheet.write_row(top, 0, [str(h) for h in HEADERS], head)
    for r, row in enumerate(rows, start=top + 1):
        sheet.write_row(r, 0, [row.at, row.who, row.role, row.what, row.details, row.ip], cell)
    book.close()
    return buffer.getvalue()


def report_pdf(title: str, lines: list[str], rows: list[ReportRow], *, signer: Any) -> bytes:
    return render_pdf(
        "audit/pdf/report.html",
        {
            "title": title,
            "lines": lines,
            "rows": rows,
            "headers": [str(h) for h in HEADERS],
            "printed": _when(AuditEvent(at=timezone.now())),
            "signer_name": signer.full_name,
            "signer_position": signer.get_role_display(),
            "truncated": len(rows) >= MAX_ROWS,
        },
    )
