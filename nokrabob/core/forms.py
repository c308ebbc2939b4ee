"""Form pieces every module uses: Buddhist-Era date input, numbers as people type them, and a model form
that applies both."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from nokrabob.core.thai import format_be_date, parse_be_date, typed_number


class BEDateInput(forms.TextInput):
    """A text box that shows and takes dd/mm/yyyy in the Buddhist Era."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": _("วว/ดด/ปปปป"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"[0-9๐-๙]{1,2}/[0-9๐-๙]{1,2}/[0-9๐-๙]{4}",
            "data-be-date": "1",
            "class": "be-date",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_be_date(value)
        return super().format_value(value)


class BEDateField(forms.DateField):
    widget = BEDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_be_date(str(value))

    def strptime(self, value: str, format: str) -> dt.date:  # pragma: no cover - to_python wins
        return parse_be_date(value)


class NumberTextInput(forms.TextInput):
    """A text box for a number: a phone shows its number pad, and "28,500" or Thai digits can be typed (a
    browser's number box refuses both before the form sees them)."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, decimal: bool = False) -> None:
        defaults = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})


class TypedIntegerField(forms.IntegerField):
    """A whole number typed as people do: ``๔๕``, ``1,200`` and ``1 200`` are read, not refused."""

    widget = NumberTextInput

    def to_python(self, value: Any) -> int | None:
        return super().to_python(typed_number(value) if isinstance(value, str) else value)


class TypedDecimalField(forms.DecimalField):
    """An amount typed as people do: ``28,500.50`` and Thai digits are read, not refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", NumberTextInput(decimal=True))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(typed_number(value) if isinstance(value, str) else value)


def be_formfield_callback(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Give every date field of a model form the Buddhist-Era input, and every number field the box that
    takes numbers as people type them."""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("form_class", BEDateField)
        kwargs.setdefault("widget", BEDateInput)
    elif isinstance(field, models.DecimalField) and not field.choices:
        kwargs.setdefault("form_class", TypedDecimalField)
    elif isinstance(field, models.IntegerField) and not field.choices and not field.primary_key:
        kwargs.setdefault("form_class", TypedIntegerField)
    return field.formfield(**kwargs)


class BEModelForm(forms.ModelForm):
    """Base model form: Buddhist-Era dates everywhere. Subclasses' Meta inherit the callback."""

    class Meta:
        formfield_callback = be_formfield_callback


class BEDateAdminMixin:
    """For ModelAdmin classes: the admin's date fields take Buddhist-Era dates too."""

    formfield_overrides = {models.DateField: {"form_class": BEDateField, "widget": BEDateInput}}
