"""The dashboard as an Excel workbook: the same tables the page shows, Thai headings, BE date stamp."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils import timezone

from nokrabob.accounts.scope import count_suppression_limit
from nokrabob.core.thai import format_be_date
from nokrabob.reports.selectors import RegistrySummary


def summary_workbook(summary: RegistrySummary, *, scope: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "font_name": "TH Sarabun New", "font_size": 16})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF2F7", "border": 1, "font_name": "TH Sarabun New", "font_size": 14}
    )
    cell = book.add_format({"border": 1, "font_name": "TH Sarabun New", "font_size": 14})
    number = book.add_format(
        {"border": 1, "num_format": "#,##0", "font_name": "TH Sarabun New", "font_size": 14}
    )
    sheet = book.add_worksheet("สรุปทะเบียน")
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 1, 16)
    sheet.write(0, 0, f"สรุปทะเบียนแรงงานนอกระบบ ({scope})", bold)
    sheet.write(1, 0, f"ข้อมูล ณ วันที่ {format_be_date(timezone.localdate(), 'long')}")
    withheld = f"น้อยกว่า {count_suppression_limit()}"

    def write_count(row: int, value: int | None) -> None:
        if value is None:
            sheet.write_string(row, 1, withheld, cell)
        else:
            sheet.write_number(row, 1, value, number)

    sheet.write(3, 0, "จำนวนแรงงานนอกระบบทั้งหมด (คน)", head)
    write_count(3, summary.total)
    sheet.write(4, 0, "ผู้สูงอายุ (60 ปีขึ้นไป)", head)
    write_count(4, summary.elderly)
    row = 6
    area_heading = "เขต" if summary.area_level == "district" else "จังหวัด"
    for title, rows in (
        (area_heading, summary.by_area),
        ("กลุ่มอาชีพ", summary.by_occupation),
        ("สวัสดิการ/แหล่งทุน (เป็นสมาชิก/ได้รับแล้ว)", summary.by_scheme),
    ):
        sheet.write(row, 0, title, head)
        sheet.write(row, 1, "จำนวน (คน)", head)
        row += 1
        for item in rows:
            sheet.write(row, 0, item.label, cell)
            write_count(row, item.count)
            row += 1
        row += 1
    book.close()
    return buffer.getvalue()
