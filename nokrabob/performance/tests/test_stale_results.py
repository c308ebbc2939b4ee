"""Nothing lost (ADR 0445): two officers of the indicator's unit enter the same quarter's result; the second
save is refused with what changed and the first officer's figures stay."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.performance.models import QuarterResult

from .registers import make_indicator

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def opened_form(client: Client, url: str, **values: Any) -> dict[str, Any]:
    """The hidden fields as the page gave them, with the figures the officer types."""
    form = client.get(url).context["form"]
    return {"version": form["version"].value(), "opened": form["opened"].value(), **values}


def test_two_officers_enter_one_quarter_the_second_is_refused_with_what_changed(make_user, department_unit):
    indicator = make_indicator(department_unit, fiscal_year=2570, report_due_days=120)
    first = make_user(Role.DEPARTMENT_STAFF, first_name="สมหญิง", last_name="ขยัน")
    second = make_user(Role.DEPARTMENT_STAFF)
    url = reverse("performance:result_edit", args=[indicator.pk, 1])
    a, b = signed_in(first), signed_in(second)
    # Both open the quarter before it has a result (version 0).
    form_a = opened_form(a, url, result="40", narrative="อบรมแล้ว 2 รุ่น")
    form_b = opened_form(b, url, result="55", narrative="อบรมแล้ว 3 รุ่น")
    assert form_a["version"] == form_b["version"] == 0

    assert a.post(url, form_a).status_code == 302
    refused = b.post(url, form_b)

    assert refused.status_code == 200
    stale = refused.context["form"].stale_edit
    assert [(c.label, c.theirs, c.yours) for c in stale.changes] == [
        ("ผลงาน", "40.00", "55.00"),
        ("รายงานผลการดำเนินงาน", "อบรมแล้ว 2 รุ่น", "อบรมแล้ว 3 รุ่น"),
    ]
    text = refused.content.decode()
    assert 'data-testid="stale-edit"' in text and "สมหญิง ขยัน" in text
    assert refused.context["form"]["narrative"].value() == "อบรมแล้ว 3 รุ่น"
    row = QuarterResult.objects.get(indicator=indicator, quarter=1)
    assert (row.result, row.narrative, row.reported_by, row.version) == (D(40), "อบรมแล้ว 2 รุ่น", first, 1)

    # A correction opened at version 1 by both: the same rule for an existing result.
    form_a = opened_form(a, url, result="40", narrative="อบรมแล้ว 2 รุ่น (แก้ไข)")
    form_b = opened_form(b, url, result="45", narrative="อบรมแล้ว 2 รุ่น")
    assert a.post(url, form_a).status_code == 302
    stale = b.post(url, form_b).context["form"].stale_edit
    assert [c.name for c in stale.changes] == ["narrative"]
    assert QuarterResult.objects.get(pk=row.pk).result == D(40)

    # Saving again after seeing the difference is the officer's choice.
    assert b.post(url, {**form_b, "version": stale.version, "opened": stale.token}).status_code == 302
    row.refresh_from_db()
    assert (row.result, row.narrative, row.reported_by, row.version) == (D(45), "อบรมแล้ว 2 รุ่น", second, 3)


def test_another_units_officer_may_not_open_or_send_the_quarter(make_user, department_unit):
    indicator = make_indicator(department_unit, fiscal_year=2570, report_due_days=120)
    url = reverse("performance:result_edit", args=[indicator.pk, 1])
    form = opened_form(signed_in(make_user(Role.DEPARTMENT_STAFF)), url, result="40")
    stranger = signed_in(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"))
    assert stranger.get(url).status_code == 403  # results are the owner units' (docs/security.md)
    assert stranger.post(url, form).status_code == 403
    assert not QuarterResult.objects.exists()


def test_reopening_the_quarter_counts_as_a_save(make_user, department_unit):
    import datetime as dt

    from nokrabob.performance.services import quarter_reopen

    indicator = make_indicator(department_unit, fiscal_year=2570, report_due_days=120)
    client = signed_in(make_user(Role.DEPARTMENT_STAFF))
    url = reverse("performance:result_edit", args=[indicator.pk, 1])
    form = opened_form(client, url, result="40")
    today = dt.date.today()
    quarter_reopen(
        actor=make_user(Role.ASSESSOR),
        indicator=indicator,
        quarter=1,
        until=today,
        reason="ขยายเวลา",
        today=today,
    )
    refused = client.post(url, form)
    assert refused.context["form"].stale_edit is not None
    assert QuarterResult.objects.get(indicator=indicator, quarter=1).result is None
