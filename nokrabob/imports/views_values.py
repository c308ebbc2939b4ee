"""The values-to-map step: a batch's occupation and scheme values that no synonym maps, each with the number
of rows that carry it, mapped one by one to a catalogue code.

Before an import (a batch still being mapped) the values come from reading the file; after a dry run or an
import, from what the run kept (``ImportValue``). Mapping saves a synonym; after an import it also fills in
the records of the rows that carried the value (``value_map.value_map``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.imports import selectors, services, unmapped
from nokrabob.imports.forms import ValueMapForm
from nokrabob.imports.models import ImportBatch, ImportStatus, ImportValue
from nokrabob.imports.value_map import value_map

SCAN_ROWS = getattr(settings, "IMPORTS_VALUES_SCAN_ROWS", 100_000)
PANEL_VALUES = 20  # on the batch page; the step's own page lists them all
PAGE_VALUES = 50


def code_choices() -> dict[str, list[tuple[str, str]]]:
    """kind → [(code, name)] of the active catalogue entries."""
    from nokrabob.registry.models import Occupation, Scheme

    return {
        "occupation": list(Occupation.objects.filter(is_active=True).values_list("code", "name_th")),
        "scheme": list(Scheme.objects.filter(is_active=True).values_list("code", "name_th")),
    }


def _rows(values: list[Any]) -> list[dict[str, Any]]:
    """The values with the codes each may be mapped to and the name of the code it was mapped to."""
    choices = code_choices()
    names = {(kind, code): name for kind, pairs in choices.items() for code, name in pairs}
    return [
        {"value": v, "choices": choices.get(v.kind, []), "mapped_to": names.get((v.kind, v.code), v.code)}
        for v in values
    ]


def panel_context(batch: ImportBatch) -> dict[str, Any]:
    """The batch page's part of the step: the values still unknown after a dry run or an import."""
    if batch.is_active:
        return {}
    waiting = ImportValue.objects.filter(batch=batch, code="")
    values = list(waiting[:PANEL_VALUES])
    return {
        "value_rows": _rows(values),
        "values_waiting": waiting.count() if len(values) == PANEL_VALUES else len(values),
        "batch_done": batch.status == ImportStatus.DONE,
    }


@login_required
def values(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    batch = selectors.batch_get(user, pk)
    scan = None
    found: list[Any]
    if batch.status == ImportStatus.PENDING:
        scan = unmapped.scan(
            services.batch_reader(batch).rows(), batch.mapping, services.load_synonyms(), limit=SCAN_ROWS
        )
        found = scan.values
    else:
        found = list(ImportValue.objects.filter(batch=batch))
    page = Paginator(found, PAGE_VALUES).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/values.html",
        {
            "batch": batch,
            "page": page,
            "value_rows": _rows(list(page.object_list)),
            "values_total": len(found),
            "scan": scan,
            "mappable": batch.status in (ImportStatus.PENDING, ImportStatus.DONE),
            "coded_mapped": bool({"occupation", "scheme"} & set(batch.mapping)),
            "may_import": selectors.may_import(user),
        },
    )


@login_required
@require_POST
def value_map_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    if not selectors.may_import(user):
        raise PermissionDenied
    batch = selectors.batch_get(user, pk)
    form = ValueMapForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("imports:values", pk=pk)
    data = form.cleaned_data
    try:
        if data["value"]:
            value = value_map(actor=user, batch=batch, value_id=data["value"], code=data["code"])
            if batch.dry_run:
                message = _("จับคู่ “%(text)s” แล้ว จะใช้เมื่อนำเข้าจริง") % {"text": value.text}
            else:
                message = _("จับคู่ “%(text)s” แล้ว บันทึกให้ %(n)s คน") % {"text": value.text, "n": value.filled}
        elif batch.status == ImportStatus.PENDING:
            synonym = services.synonym_save(
                actor=user, kind=data["kind"], text=data["text"], code=data["code"]
            )
            message = _("จับคู่ “%(text)s” แล้ว จะใช้เมื่อนำเข้า") % {"text": synonym.text}
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("imports:job_detail" if data["back"] == "detail" else "imports:values", pk=pk)
