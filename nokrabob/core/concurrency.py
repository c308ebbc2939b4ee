"""Optimistic locking: a record opened in a form is saved only if no one saved it since (ADR 0445).

A versioned record (a person, a household, a quarter's indicator result, a plan's monthly report) carries
``version``. ``Versioned.save`` raises it by one in the row's own UPDATE on every save of an existing row,
whatever the caller loaded; bulk writes raise it with ``next_version()`` (``F("version") + 1``).

An edit form carries the version it was opened at and the values it showed (``VersionFields``: hidden fields
``version`` and ``opened``, the latter signed). Inside its transaction the service takes the row with
``locked`` (read fresh and locked: ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's transactions start
IMMEDIATE, so its write lock is already held), checks the actor's scope on it, then ``check_version``: if the
row's version is not the form's, ``StaleEdit`` is raised and nothing is written. It names each field that
changed since the form was opened (its label, the value now on record, the user's own), who saved last when
the audit trail knows, and the version and values to put back in the form, so that saving again is the
user's informed choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.db import models
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.core.errors import DomainError
from nokrabob.core.thai import format_be_date

NOT_YET_SAVED = 0  # the version a form carries when it was opened before the record existed
SALT = "nokrabob.core.concurrency.opened"
EMPTY = "—"
Display = Mapping[str, Callable[[Any], str]]


def next_version() -> CombinedExpression:
    """For bulk writes: ``qs.update(..., version=next_version())`` raises every row's version by one."""
    return F("version") + 1


class Versioned(models.Model):
    """A record whose every save is counted, so that a form opened before a save can be refused."""

    version = models.PositiveIntegerField(gettext_lazy("ครั้งที่บันทึก"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An existing row's version goes up by one in the same UPDATE: a save never writes back a version
        read earlier, so a stale copy saved by any path still moves the number on."""
        update_fields = kwargs.get("update_fields")
        if self._state.adding or self.pk is None or (update_fields is not None and not update_fields):
            super().save(*args, **kwargs)
            return
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        previous = self.version
        self.version = next_version()  # type: ignore[assignment]
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = previous
            raise
        self.refresh_from_db(fields=["version"])


# ── What the form was opened with ─────────────────────────────────────────────────────────────


def plain(value: Any) -> Any:
    """A field's value as the ``opened`` token keeps it (JSON), so that two readings of the same value
    compare equal: empty text and None are one, a related record is its id, a decimal has no trailing
    zeros."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def field_values(row: models.Model | None, names: Sequence[str]) -> dict[str, Any]:
    """``names`` of ``row`` (all empty when the row does not exist yet), as ``plain`` keeps them."""
    if row is None:
        return dict.fromkeys(names)
    meta = row._meta
    return {name: plain(getattr(row, meta.get_field(name).attname)) for name in names}  # type: ignore[union-attr]


@dataclass(frozen=True)
class Opened:
    """What an edit form was opened with: the record's version, and the values it showed (None when the
    form did not carry them intact, then a conflict is reported without the list of fields)."""

    version: int
    values: dict[str, Any] | None = None


def version_of(row: Versioned | None) -> int:
    return row.version if row is not None else NOT_YET_SAVED


def opened_token(row: Versioned | None, names: Sequence[str]) -> str:
    return signing.dumps({"v": version_of(row), "f": field_values(row, names)}, salt=SALT, compress=True)


def read_token(token: str, version: int) -> dict[str, Any] | None:
    """The values of a token made for ``version``; None if it is missing, altered or of another version."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("v") != version or not isinstance(data.get("f"), dict):
        return None
    return data["f"]


def form_initial(row: Versioned | None, names: Sequence[str]) -> dict[str, Any]:
    """The hidden fields' values for a form opening ``row`` (None: a record not saved yet)."""
    return {"version": version_of(row), "opened": opened_token(row, names)}


class VersionFields(forms.Form):
    """The two hidden fields of an edit form. Put ``form_initial(...)`` in its initial; a post without a
    version (a page from before this rule, or an altered one) is refused, never saved blindly."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    stale_edit: StaleEdit | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "version" in self.fields and cleaned.get("version") is None:
            raise forms.ValidationError(
                _("ฟอร์มนี้ไม่ได้บอกว่าเปิดข้อมูลฉบับใด จึงยังไม่ได้บันทึก โปรดเปิดหน้าแก้ไขใหม่อีกครั้ง"), code="no_version"
            )
        return cleaned

    def opened_state(self) -> Opened:
        version = self.cleaned_data["version"]
        return Opened(version, read_token(self.cleaned_data.get("opened") or "", version))

    def show_stale_edit(self, error: StaleEdit) -> None:
        """Keep the user's input, show what changed, and carry the record's current version and values, so
        that saving again knowingly replaces them (the page says so)."""
        self.stale_edit = error
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = str(error.version)
        data[self.add_prefix("opened")] = error.token
        self.data = data


# ── The check ──────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    theirs: str  # the value on record now
    yours: str  # the value the user sent


class StaleEdit(DomainError):
    """The record was saved by someone else after the form was opened; nothing was written."""

    api_code = "stale"

    def __init__(
        self,
        *,
        changes: list[FieldChange],
        saved_by: str,
        saved_at: dt.datetime | None,
        version: int,
        token: str,
        fields_known: bool,
    ) -> None:
        self.changes = changes
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.version = version
        self.token = token
        self.fields_known = fields_known
        super().__init__(self._summary())

    def _summary(self) -> str:
        parts = [_("ยังไม่ได้บันทึก: มีผู้บันทึกข้อมูลนี้หลังจากที่ท่านเปิดฟอร์ม")]
        when = _when(self.saved_at)
        if self.saved_by and when:
            parts.append(_("บันทึกล่าสุดโดย %(who)s เมื่อ %(when)s") % {"who": self.saved_by, "when": when})
        elif when:
            parts.append(_("บันทึกล่าสุดเมื่อ %(when)s") % {"when": when})
        if self.changes:
            listed = "; ".join(
                _("%(label)s (ที่บันทึกไว้: %(theirs)s · ของท่าน: %(yours)s)")
                % {"label": c.label, "theirs": _short(c.theirs), "yours": _short(c.yours)}
                for c in self.changes
            )
            parts.append(_("ช่องที่เปลี่ยน: %(fields)s") % {"fields": listed})
        elif self.fields_known:
            parts.append(_("ไม่มีช่องในฟอร์มนี้ที่เปลี่ยน"))
        parts.append(_("ตรวจสอบแล้วกดบันทึกอีกครั้งหากต้องการใช้ค่าของท่าน"))
        return " · ".join(parts)


def _when(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    return f"{format_be_date(local.date())} {local:%H:%M}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(field: models.Field[Any, Any], value: Any, display: Display | None = None) -> str:
    """A value as a reader would write it: a choice's label, a Buddhist-Era date, yes/no, a related
    record's name."""
    if value is None or value == "":
        return EMPTY
    if display and field.name in display:
        return display[field.name](value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ใช่") if value else _("ไม่ใช่"))
    if isinstance(value, dt.datetime):
        return _when(value)
    if isinstance(value, dt.date):
        return format_be_date(value)
    if isinstance(value, Decimal):
        places = field.decimal_places if isinstance(field, models.DecimalField) else None
        return f"{value:,.{places}f}" if places is not None else f"{value:,}"
    if isinstance(field, models.ForeignKey) and not isinstance(value, models.Model):
        value = field.related_model._default_manager.filter(pk=value).first() or value  # type: ignore[union-attr]
    return str(value)


def locked(queryset: models.QuerySet[Any]) -> Any:
    """The one row of ``queryset`` (or None), locked and read fresh: call inside the write's transaction,
    check the actor's scope on it, then ``check_version``."""
    return queryset.select_for_update().first()


def check_version(
    model: type[models.Model],
    row: Versioned | None,
    opened: Opened | None,
    *,
    fields: Sequence[str],
    submitted: Mapping[str, Any],
    display: Display | None = None,
) -> None:
    """Refuse a write whose form was opened at another version of ``row`` (None: not saved yet).

    ``opened`` None is a write that carries no form (the system, a review decision): nothing to check.
    ``StaleEdit`` names those of ``fields`` (the fields the actor may see) whose value changed since the
    form was opened, with the value on record and the user's own (``submitted``, keyed by field name)."""
    if opened is None or version_of(row) == opened.version:
        return
    now = field_values(row, fields)
    changes = []
    if opened.values is not None:
        for name in fields:
            if name not in opened.values or opened.values[name] == now[name]:
                continue
            field = model._meta.get_field(name)
            theirs = getattr(row, name) if row is not None else None
            changes.append(
                FieldChange(
                    name,
                    str(field.verbose_name),  # type: ignore[union-attr]
                    shown(field, theirs, display),  # type: ignore[arg-type]
                    shown(field, submitted.get(name), display),  # type: ignore[arg-type]
                )
            )
    saved_by, saved_at = last_saved(row)
    raise StaleEdit(
        changes=changes,
        saved_by=saved_by,
        saved_at=saved_at,
        version=version_of(row),
        token=opened_token(row, [name for name in fields if opened.values is None or name in opened.values]),
        fields_known=opened.values is not None,
    )


def last_saved(row: models.Model | None) -> tuple[str, dt.datetime | None]:
    """Who saved ``row`` last and when: the name from the audit row written with that save (the first
    write event at or just after the row's ``updated_at``), or only the time when the trail has none for
    it (a bulk import is audited on its batch, not on each person)."""
    if row is None:
        return "", None
    from nokrabob.audit.selectors import write_event_at

    updated = getattr(row, "updated_at", None)
    if updated is None:
        return "", None
    event = write_event_at(row, updated)
    if event is None:
        return "", updated
    name = event.actor.full_name if event.actor is not None else event.actor_name
    return name or _("ระบบ"), updated
