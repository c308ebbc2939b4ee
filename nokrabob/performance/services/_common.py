"""Checks and helpers every indicator service shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.thai import format_be_date

HUNDRED = Decimal("100")


def snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_("ไตรมาสต้องเป็น 1 ถึง 4"), field="quarter")


def check_percent(value: Decimal | None, field: str) -> None:
    if value is None:
        return
    if value < 0:
        raise DomainError(_("ค่าต้องไม่ติดลบ"), field=field)
    if value > HUNDRED:
        raise DomainError(_("ร้อยละต้องไม่เกิน 100"), field=field)


def check_in_fiscal_year(day: dt.date | None, fiscal_year: int, field: str) -> None:
    if day is None:
        return
    fy = FiscalYear(fiscal_year)
    if day not in fy:
        raise DomainError(
            _("วันที่ต้องอยู่ในปีงบประมาณ พ.ศ. %(fy)s (%(start)s – %(end)s)")
            % {"fy": fiscal_year, "start": format_be_date(fy.start), "end": format_be_date(fy.end)},
            field=field,
        )


def num(value: Decimal) -> str:
    return f"{Decimal(str(value)).normalize():f}"
