"""The dashboards' filters, read from the query string and validated: fiscal year and quarter (Buddhist
Era), area, occupation group, scheme, sex, age band, and the measure the maps show.

A value that is not allowed (a CE year, a quarter 5, another district, an unknown code) gives a message
in Thai saying what was wrong, and that filter is left out; it is never a server error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import geothai
from django import forms
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.roles import Reach
from nokrabob.core.fiscal import BE_OFFSET, FiscalYear
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.core.thai import format_be_date
from nokrabob.registry.models import Occupation, Scheme, Sex
from nokrabob.registry.selectors import AGE_BANDS
from nokrabob.reports.dashboard_counts import CountFilter

MEASURES = {
    "registered": _("ผู้ขึ้นทะเบียน (คน)"),
    "coverage": _("ความครอบคลุมสวัสดิการ (% ของผู้ขึ้นทะเบียน)"),
    "gap": _("ผู้มีสิทธิแต่ยังไม่เป็นสมาชิก (คน)"),
    "reporting": _("อัตราการส่งรายงานประจำเดือน (%)"),
}
DEFAULT_MEASURE = "registered"
DEFAULT_SCHEME = "s40"  # coverage and gap maps without a chosen scheme: social security Section 40


def area_choices(user: Any) -> list[tuple[str, str]]:
    """The areas a reader may narrow to: the provinces and Bangkok districts inside their reach."""
    reach = user.caps.reach
    bangkok = [(d.code, d.name_th) for d in geothai.districts(BANGKOK_CODE)]
    provinces = [(p.code, p.name_th) for p in geothai.provinces()]
    if reach in (Reach.ALL, Reach.NONE):
        return provinces + bangkok
    if reach is Reach.BANGKOK:
        return bangkok
    if reach is Reach.ALL_PROVINCES:
        return [p for p in provinces if p[0] != BANGKOK_CODE]
    area = user.unit.area if user.unit_id and user.unit else None
    if area is None:
        return []
    if reach is Reach.OWN_PROVINCE:
        return [(area.code[:2], area.name_th)]
    return [(area.code, area.name_th)]


class DashboardFilterForm(forms.Form):
    fy = forms.CharField(label=_("ปีงบประมาณ (พ.ศ.)"), required=False, max_length=8)
    quarter = forms.ChoiceField(label=_("ไตรมาส"), required=False)
    area = forms.ChoiceField(label=_("พื้นที่"), required=False)
    occupation = forms.ChoiceField(label=_("กลุ่มอาชีพ"), required=False)
    scheme = forms.ChoiceField(label=_("สวัสดิการ"), required=False)
    sex = forms.ChoiceField(label=_("เพศ"), required=False)
    age_band = forms.ChoiceField(label=_("ช่วงอายุ"), required=False)
    measure = forms.ChoiceField(label=_("ค่าที่แสดงบนแผนที่"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["fy"].widget.attrs.update({"inputmode": "numeric", "placeholder": _("เช่น 2569")})
        messages = {
            "quarter": _("ไตรมาสต้องเป็น 1 ถึง 4"),
            "area": _("ไม่มีพื้นที่นี้ หรือพื้นที่นี้อยู่นอกพื้นที่ของท่าน"),
            "occupation": _("ไม่มีกลุ่มอาชีพนี้"),
            "scheme": _("ไม่มีสวัสดิการนี้"),
            "sex": _("เพศต้องเป็น ชาย หญิง หรือไม่ระบุ"),
            "age_band": _("ไม่มีช่วงอายุนี้"),
            "measure": _("ไม่มีค่านี้ให้แสดงบนแผนที่"),
        }
        choices: dict[str, list[tuple[str, Any]]] = {
            "quarter": [(str(n), _("ไตรมาสที่ %(n)s") % {"n": n}) for n in range(1, 5)],
            "area": area_choices(user),
            "occupation": [(o.code, o.name_th) for o in Occupation.objects.filter(is_active=True)],
            "scheme": [(s.code, s.name_th) for s in Scheme.objects.filter(is_active=True)],
            "sex": list(Sex.choices),
            "age_band": [(k, _("%(band)s ปี") % {"band": k}) for k in AGE_BANDS],
            "measure": list(MEASURES.items()),
        }
        for name, options in choices.items():
            field = cast(forms.ChoiceField, self.fields[name])
            blank = [] if name == "measure" else [("", _("ทั้งหมด"))]
            field.choices = [*blank, *options]
            field.error_messages["invalid_choice"] = messages[name]

    def describe(self, filters: DashboardFilters) -> str:
        """The filters in force, in words ("เพศ: หญิง · กลุ่มอาชีพ: เกษตรกร"), for the page and the files."""
        values = {**filters.as_query(), "fy": str(filters.fiscal_year or "")}
        parts = []
        for name in ("fy", "quarter", "area", "occupation", "scheme", "sex", "age_band"):
            value = values.get(name, "")
            if not value:
                continue
            field = self.fields[name]
            label = dict(getattr(field, "choices", ())).get(value, value)
            parts.append(f"{field.label}: {label}")
        return " · ".join(parts)

    def clean_fy(self) -> int | None:
        text = (self.cleaned_data.get("fy") or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise forms.ValidationError(_("ปีงบประมาณต้องเป็นตัวเลขปี พ.ศ. เช่น 2569"))
        year = int(text)
        if 1900 <= year < 2400:
            raise forms.ValidationError(
                _("ปี %(year)s ไม่ใช่ปีพุทธศักราช หากหมายถึง ค.ศ. %(year)s ให้กรอก %(be)s")
                % {"year": year, "be": year + BE_OFFSET}
            )
        if not 2500 <= year <= 2700:
            raise forms.ValidationError(_("ปีงบประมาณ %(year)s ไม่ถูกต้อง") % {"year": year})
        return year


@dataclass(frozen=True)
class DashboardFilters:
    fiscal_year: int | None = None  # BE; None = everyone registered so far
    quarter: int | None = None  # 1–4 of ``fiscal_year`` (the current year's when no year is given)
    area: str = ""
    occupation: str = ""
    scheme: str = ""
    sex: str = ""
    age_band: str = ""
    measure: str = DEFAULT_MEASURE

    @property
    def year(self) -> FiscalYear:
        """The fiscal year the trend, projects, reports and score card are of."""
        return FiscalYear(self.fiscal_year) if self.fiscal_year else FiscalYear.current()

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """Registration dates counted: the quarter, else the fiscal year, else everything."""
        if self.quarter:
            q = self.year.quarters[self.quarter - 1]
            return q.start, q.end
        if self.fiscal_year:
            return self.year.start, self.year.end
        return None, None

    @property
    def map_scheme(self) -> str:
        return self.scheme or DEFAULT_SCHEME

    def count_filter(self, *, today: dt.date | None = None) -> CountFilter:
        start, end = self.period
        return CountFilter(
            area=self.area,
            occupation_group=self.occupation,
            sex=self.sex,
            age_band=self.age_band,
            registered_from=start,
            registered_to=end,
            on=today,
        )

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters (for links that keep them)."""
        out = {
            "fy": str(self.fiscal_year or ""),
            "quarter": str(self.quarter or ""),
            "area": self.area,
            "occupation": self.occupation,
            "scheme": self.scheme,
            "sex": self.sex,
            "age_band": self.age_band,
            "measure": "" if self.measure == DEFAULT_MEASURE else self.measure,
        }
        return {k: v for k, v in out.items() if v}

    def registry_query(self) -> dict[str, str]:
        """The registry list's GET parameters for the same people (registration dates in BE)."""
        start, end = self.period
        out = {
            "occupation": self.occupation,
            "sex": self.sex,
            "age_band": self.age_band,
            "registered_from": format_be_date(start) if start else "",
            "registered_to": format_be_date(end) if end else "",
        }
        if len(self.area) == 2:
            out["province"] = self.area
        elif self.area:
            out["district"] = self.area
        return {k: v for k, v in out.items() if v}


def read_filters(data: Any, user: Any) -> tuple[DashboardFilters, DashboardFilterForm]:
    """The filters from a query string; invalid fields are left out (the form carries their messages)."""
    form = DashboardFilterForm(data or None, user=user)
    if not data:
        return DashboardFilters(), DashboardFilterForm(user=user)
    form.is_valid()
    clean = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    quarter = int(clean["quarter"]) if "quarter" in clean else None
    return (
        DashboardFilters(
            fiscal_year=clean.get("fy"),
            quarter=quarter,
            area=clean.get("area", ""),
            occupation=clean.get("occupation", ""),
            scheme=clean.get("scheme", ""),
            sex=clean.get("sex", ""),
            age_band=clean.get("age_band", ""),
            measure=clean.get("measure", DEFAULT_MEASURE),
        ),
        form,
    )


__all__ = ["MEASURES", "DashboardFilterForm", "DashboardFilters", "area_choices", "read_filters"]
