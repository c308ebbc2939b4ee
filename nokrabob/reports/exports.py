"""The dashboard as an Excel workbook: the same tables the page shows, Thai headings, BE date stamp, and
a sheet with the same charts and maps (PNG pictures of the page's drawings) beside their tables."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter
from django.utils import timezone

from nokrabob.accounts.scope import count_suppression_limit
from nokrabob.core.thai import format_be_date
from nokrabob.reports.figure import Figure
from nokrabob.reports.selectors import RegistrySummary
from nokrabob.reports.svg import to_png

ROW_PIXELS = 20  # a default row (15 pt) in pixels, as Excel places pictures


def summary_workbook(
    summary: RegistrySummary, *, scope: str, figures: Sequence[Figure] = (), period: str = ""
) -> bytes:
    buffer = io.BytesIO()
    # Labels come from the reference tables (names anyone with the admin may edit): text, never formulas.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
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
    if figures:
        _charts_sheet(book, figures, scope=scope, period=period, head=head, cell=cell, bold=bold)
    book.close()
    return buffer.getvalue()


def _charts_sheet(
    book: xlsxwriter.Workbook,
    figures: Sequence[Figure],
    *,
    scope: str,
    period: str,
    head: object,
    cell: object,
    bold: object,
) -> None:
    """One picture per figure (rendered from the same drawing as the page) with its table beside it."""
    sheet = book.add_worksheet("แผนภูมิและแผนที่")
    sheet.set_column(0, 0, 90)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 24)
    sheet.write(0, 0, f"แผนภูมิและแผนที่ ({scope})", bold)
    sheet.write(1, 0, period)
    row = 3
    for figure in figures:
        sheet.write(row, 1, figure.title, head)
        top = row
        row += 1
        sheet.write(row, 1, "รายการ", head)
        sheet.write(row, 2, figure.value_heading or "จำนวน (คน)", head)
        for label, value in figure.table:
            row += 1
            sheet.write_string(row, 1, label, cell)
            sheet.write_string(row, 2, value, cell)
        if figure.attribution:
            row += 1
            sheet.write_string(row, 1, figure.attribution)
        height_rows = 0
        if figure.drawing is not None:
            png = to_png(figure.drawing, dpi=80)
            sheet.insert_image(
                top, 0, f"{figure.key or 'figure'}.png", {"image_data": io.BytesIO(png), "object_position": 3}
            )
            height_px = int.from_bytes(png[20:24], "big")  # the PNG header's height field
            height_rows = height_px // ROW_PIXELS + 2
        row = max(row + 2, top + height_rows)
