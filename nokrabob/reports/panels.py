"""The dashboards' panels that count no one: the FY agreement's score card (the performance app's own
scoring), project progress and the provincial offices' monthly reporting rates (``nokrabob.projects``).

Each reads through the owning app's access rule, so a reader sees the projects and plans they may open,
and every row links to the page it sums up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Reach
from nokrabob.reports import charts
from nokrabob.reports.figure import Figure
from nokrabob.reports.svg import to_svg


@dataclass
class ScoreLine:
    code: str
    name: str
    weight: Decimal
    level: Decimal | None
    band_css: str
    url: str = ""


@dataclass
class ScoreCard:
    title: str
    fiscal_year: int
    earned: Decimal
    total_weight: Decimal
    lines: list[ScoreLine] = field(default_factory=list)
    url: str = ""


def scorecard(user: Any, *, today: dt.date, fiscal_year: int | None = None) -> ScoreCard | None:
    """The agreement of ``fiscal_year`` (else the latest up to this year): weighted total and each
    indicator's level, as ``performance.agreements.agreement_summary`` scores them."""
    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.performance.agreements import agreement_summary, agreements_of_year
    from nokrabob.performance.models import PerformanceAgreement

    years = PerformanceAgreement.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    if fiscal_year:
        year = years.filter(fiscal_year=fiscal_year).first()
    else:
        year = years.filter(fiscal_year__lte=FiscalYear.of(today).be).first()
    if year is None:
        return None
    agreement = agreements_of_year(year)[0]
    summary = agreement_summary(agreement.pk, user, today=today)
    lines = [
        ScoreLine(
            code=s.indicator.code,
            name=s.indicator.name,
            weight=s.indicator.weight,
            level=s.level,
            band_css=s.band.css if s.band else "",
            url=reverse("performance:indicator_detail", args=[s.indicator.pk]),
        )
        for block in summary.blocks
        for s in block.statuses
    ]
    return ScoreCard(
        title=str(summary.agreement),
        fiscal_year=year,
        earned=summary.earned,
        total_weight=summary.total_weight,
        lines=lines,
        url=reverse("performance:agreement_summary", args=[agreement.pk]),
    )


def _percent_text(value: Decimal | float | None) -> str:
    return "–" if value is None else f"{float(value):.1f}%"


def project_progress(user: Any, fiscal_year: int) -> Figure | None:
    """Each project of the year the reader may open, with its overall progress (%)."""
    from nokrabob.projects.selectors import overall_progress, project_list

    projects = list(project_list(user, fiscal_year=fiscal_year)[:30])
    if not projects:
        return None
    rows: list[tuple[str, float | None]] = []
    links = []
    for project in projects:
        progress = overall_progress(project, list(project.steps.all()), project.latest_percent)  # type: ignore[attr-defined]
        rows.append((f"{project.code} {project.name[:40]}", None if progress is None else float(progress)))
        links.append(reverse("projects:project_detail", args=[project.pk]))
    title = _("ความก้าวหน้าโครงการ ปีงบประมาณ %(year)s") % {"year": fiscal_year}
    drawing = charts.bar_drawing(
        rows,
        title=title,
        unit=_("ร้อยละความก้าวหน้า"),
        percent=True,
        value_labels=[_percent_text(v) for _l, v in rows],
    )
    return Figure(
        title,
        to_svg(drawing),
        [(label, _percent_text(v)) for label, v in rows],
        links=links,
        value_heading=_("ความก้าวหน้า (%)"),
        key="projects",
        list_url=f"{reverse('projects:project_list')}?{urlencode({'fy': fiscal_year})}",
        list_text=_("ดูรายการโครงการทั้งหมด"),
        drawing=drawing,
    )


@dataclass
class Reporting:
    figure: Figure
    by_province: dict[str, float | None]  # province code → % of due reports received
    year_rate: float | None
    grid_url: str


def reporting_rates(user: Any, fiscal_year: int, *, today: dt.date) -> Reporting | None:
    """The provincial offices' monthly reports received over those due (the reporting grid's rates)."""
    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.core.thai import THAI_MONTHS_ABBR
    from nokrabob.projects.deadlines import Status
    from nokrabob.projects.reporting import reporting_grid

    if user.caps.reach in (Reach.BANGKOK, Reach.OWN_DISTRICT):
        return None  # Bangkok's offices do not report to the ministry
    grid = reporting_grid(user, fiscal_year, today=today)
    if not grid.rows:
        return None
    url = f"{reverse('projects:reporting_grid')}?{urlencode({'fy': fiscal_year})}"
    by_province: dict[str, float | None] = {}
    for row in grid.rows:
        due = [c for c in row.cells if c.status in (Status.ON_TIME, Status.LATE, Status.MISSING)]
        received = sum(1 for c in due if c.status is not Status.MISSING)
        by_province[row.unit.area.code[:2]] = round(100 * received / len(due), 1) if due else None
    months: list[tuple[str, float | None]] = [
        (f"{THAI_MONTHS_ABBR[p.start.month - 1]} {(p.start.year + 543) % 100:02d}", rates.reporting_rate)
        for p, rates in zip(FiscalYear(fiscal_year).months, grid.rates, strict=True)
    ]
    title = _("อัตราการส่งรายงานประจำเดือนของสำนักงานแรงงานจังหวัด ปีงบประมาณ %(year)s") % {"year": fiscal_year}
    texts = [_("ยังไม่ถึงกำหนด") if v is None else _percent_text(v) for _l, v in months]
    drawing = charts.bar_drawing(
        months, title=title, unit=_("ร้อยละของรายงานที่ถึงกำหนด"), percent=True, value_labels=texts
    )
    figure = Figure(
        title,
        to_svg(drawing),
        list(zip([label for label, _v in months], texts, strict=True)),
        links=[url] * len(months),
        value_heading=_("ส่งแล้ว (% ของที่ถึงกำหนด)"),
        key="reporting",
        list_url=url,
        list_text=_("ดูตารางการส่งรายงานรายจังหวัด"),
        drawing=drawing,
    )
    return Reporting(figure, by_province, grid.year_rates.reporting_rate, url)
