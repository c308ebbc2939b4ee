"""Display helpers for indicator pages: colour bands and numbers without needless zeros."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from nokrabob.performance.scoring import BANDS, band_for

register = template.Library()

BAND_LABELS = {
    "excellent": _("ดีเยี่ยม"),
    "good": _("ดี"),
    "fair": _("พอใช้"),
    "weak": _("ต้องปรับปรุง"),
    "poor": _("ต้องปรับปรุงเร่งด่วน"),
}


@register.filter
def num(value: Any, places: int = 2) -> str:
    """100.00 → 100, 66.6667 → 66.67, None → –."""
    if value is None or value == "":
        return "–"
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)))
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.simple_tag
def band(level: Any) -> str:
    """A coloured pill showing a level 0–5 and its band's name in its title."""
    found = band_for(level)
    if found is None:
        return mark_safe('<span class="band band-none">–</span>')
    return format_html(
        '<span class="band {}" title="{}" data-band="{}">{}</span>',
        found.css,
        BAND_LABELS[found.code],
        found.code,
        num(level),
    )


STATE_LABELS = {"not_due": _("ยังไม่ถึงกำหนด"), "no_data": _("ยังไม่มีข้อมูล")}


@register.simple_tag
def level_badge(status: Any) -> str:
    """An indicator's level as the seed tables write it: "ระดับ 3", or "ระดับ 3 (3.4)" when interpolated;
    a neutral "ยังไม่ถึงกำหนด" / "ยังไม่มีข้อมูล" when there is nothing to score (never a red 0)."""
    if status.level is None:
        return format_html(
            '<span class="band band-none" data-state="{}">{}</span>', status.state, STATE_LABELS[status.state]
        )
    found = band_for(status.level)
    assert found is not None
    whole = int(status.level)
    if status.interpolated:
        text = _("ระดับ %(whole)s (%(exact)s)") % {"whole": whole, "exact": num(status.level, 1)}
    else:
        text = _("ระดับ %(whole)s") % {"whole": whole}
    return format_html(
        '<span class="band {}" title="{}" data-band="{}" data-level="{}">{}</span>',
        found.css,
        BAND_LABELS[found.code],
        found.code,
        num(status.level),
        text,
    )


@register.simple_tag
def band_legend() -> list[tuple[str, str, str]]:
    return [(b.css, str(BAND_LABELS[b.code]), num(b.lower)) for b in BANDS]


PREFIXED_UNITS = {"percent", "level"}


@register.simple_tag
def target(indicator: Any) -> str:
    """ร้อยละ 100 · ระดับ 5 · 3 กลุ่ม — the way the agreements write a target."""
    if indicator.target is None:
        return indicator.target_text or "–"
    unit = indicator.get_unit_of_measure_display()
    if indicator.unit_of_measure in PREFIXED_UNITS:
        return f"{unit} {num(indicator.target)}"
    return f"{num(indicator.target)} {unit}"
