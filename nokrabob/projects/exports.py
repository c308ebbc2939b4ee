"""The monthly reporting grid as an Excel workbook (one row per province, one column per month)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from nokrabob.core.thai import format_be_date
from nokrabob.core.xlsx import as_text_cells
from nokrabob.projects.deadlines import Status
from nokrabob.projects.reporting import Grid

FILLS = {
    Status.ON_TIME: PatternFill("solid", fgColor="D9F2DE"),
    Status.LATE: PatternFill("solid", fgColor="FFF0C2"),
    Status.MISSING: PatternFill("solid", fgColor="F9D3CF"),
}


def reporting_grid_xlsx(grid: Grid, months: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(grid.fiscal_year)
    sheet.append([_("การรายงานผลรายเดือน ปีงบประมาณ พ.ศ. %(year)s") % {"year": grid.fiscal_year}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("หน่วยงาน"), *months, _("ตรงเวลา"), _("ล่าช้า"), _("ไม่ได้รายงาน")])
    sheet.append([_("กำหนดส่ง"), *(format_be_date(grid.dues[m]) for m in range(1, 13))])
    for row in grid.rows:
        line: list[str | int] = [row.unit.name_th]
        for cell in row.cells:
            if cell.report:
                line.append(f"{cell.status.label} {format_be_date(cell.report.submitted_at)}")
            else:
                line.append(cell.status.label)
        line += [row.count(Status.ON_TIME), row.count(Status.LATE), row.count(Status.MISSING)]
        sheet.append(line)
        for i, cell in enumerate(row.cells, start=2):
            fill = FILLS.get(cell.status)
            if fill:
                sheet.cell(row=sheet.max_row, column=i).fill = fill
    sheet.append(
        [
            _("อัตราการรายงาน (%)"),
            *(r.reporting_rate if r.reporting_rate is not None else "" for r in grid.rates),
        ]
    )
    sheet.append(
        [
            _("อัตราการรายงานตรงเวลา (%)"),
            *(r.on_time_rate if r.on_time_rate is not None else "" for r in grid.rates),
        ]
    )
    sheet.column_dimensions["A"].width = 42
    for col in "BCDEFGHIJKLM":
        sheet.column_dimensions[col].width = 18
    sheet.freeze_panes = "B4"
    as_text_cells(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
