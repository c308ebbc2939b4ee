"""Thai display filters: ``{{ d|be_date }}``, ``{{ d|be_date:"long" }}``, ``{{ n|thai_digits }}``,
``{{ n|head_count }}``, ``{{ p.phone|phone }}``.

The reader's Thai-digit option is not applied here: it applies to the whole finished page or PDF
(``nokrabob.core.digits``). ``thai_digits`` is for documents that always use Thai digits (seed 003's forms).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nokrabob.core.thai import format_be_date, format_phone, to_thai_digits

register = template.Library()


@register.filter
def be_date(value: dt.date | None, style: str = "short") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_be_date(value, style, language=get_language() or "th")


@register.filter
def be_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_be_date(local.date())} {local:%H:%M}"


@register.filter
def thai_digits(value: object) -> str:
    return to_thai_digits(value)


@register.filter
def head_count(value: int | None) -> str:
    """A count as ``accounts.scope.shown_count`` gives it: None (withheld) reads "fewer than 5"."""
    from nokrabob.accounts.scope import count_suppression_limit

    if value is None:
        return _("น้อยกว่า %(n)s") % {"n": count_suppression_limit()}
    return str(intcomma(value))


@register.filter
def phone(value: str | None) -> str:
    """A phone number as people write it (081-234-5678); empty stays empty."""
    return format_phone(value) if value else ""
