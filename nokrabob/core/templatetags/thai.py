"""Thai display filters: ``{{ d|be_date }}``, ``{{ d|be_date:"long" }}``, ``{{ n|thai_digits }}``,
``{{ n|head_count }}``, ``{{ p.phone|phone }}``."""

from __future__ import annotations

import datetime as dt

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nokrabob.core.preferences import use_thai_digits
from nokrabob.core.thai import format_be_date, format_phone, to_thai_digits

register = template.Library()


@register.filter
def be_date(value: dt.date | None, style: str = "short") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_be_date(value, style, language=get_language() or "th", thai_digits=use_thai_digits())


@register.filter
def be_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return digits(f"{format_be_date(local.date())} {local:%H:%M}")


@register.filter
def thai_digits(value: object) -> str:
    return to_thai_digits(value)


@register.filter
def digits(value: object) -> str:
    """Numbers in the user's chosen digits: ``{{ total|intcomma|digits }}``."""
    text = "" if value is None else str(value)
    return to_thai_digits(text) if use_thai_digits() else text


@register.filter
def head_count(value: int | None) -> str:
    """A count as ``accounts.scope.shown_count`` gives it: None (withheld) reads "fewer than 5"."""
    from nokrabob.accounts.scope import count_suppression_limit

    if value is None:
        return digits(_("น้อยกว่า %(n)s") % {"n": count_suppression_limit()})
    return digits(intcomma(value))


@register.filter
def phone(value: str | None) -> str:
    """A phone number as people write it (081-234-5678), in the user's chosen digits; empty stays empty."""
    return digits(format_phone(value)) if value else ""
