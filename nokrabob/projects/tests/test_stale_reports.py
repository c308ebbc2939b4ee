"""Nothing lost (ADR 0445): two officers of a provincial office enter the same month of the action plan's
report; the second save is refused with what changed. Loading the finance system's export counts as a save."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.projects.disbursements import Columns, disbursements_load
from nokrabob.projects.models import MonthlyReport

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def opened_form(client: Client, url: str, **values: Any) -> dict[str, Any]:
    form = client.get(url).context["form"]
    return {"version": form["version"].value(), "opened": form["opened"].value(), **values}


def test_two_officers_report_one_month_the_second_is_refused_with_what_changed(
    make_user, chiangmai_staff, plan_2565
):
    colleague = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50", first_name="สมศรี", last_name="มั่นคง")
    url = reverse("projects:monthly_report", args=[plan_2565.pk, 1])
    a, b = signed_in(chiangmai_staff), signed_in(colleague)
    form_a = opened_form(a, url, people_served="25", budget_disbursed="12000", narrative="", problems="")
    form_b = opened_form(b, url, people_served="30", budget_disbursed="12000", narrative="", problems="ฝนตก")

    assert b.post(url, form_b).status_code == 302
    refused = a.post(url, form_a)

    assert refused.status_code == 200
    stale = refused.context["form"].stale_edit
    assert [(c.label, c.theirs, c.yours) for c in stale.changes] == [
        ("จำนวนผู้ได้รับการส่งเสริม คุ้มครอง และพัฒนา (คน)", "30", "25"),
        ("เบิกจ่ายงบประมาณในเดือน (บาท)", "12,000.00", "12,000.00"),
        ("ปัญหาและอุปสรรค", "ฝนตก", "—"),
    ]
    assert "สมศรี มั่นคง" in refused.content.decode()
    assert refused.context["form"]["people_served"].value() == "25"
    report = MonthlyReport.objects.get(plan=plan_2565, month=1)
    assert (report.people_served, report.problems, report.submitted_by) == (30, "ฝนตก", colleague)

    assert a.post(url, {**form_a, "version": stale.version, "opened": stale.token}).status_code == 302
    report.refresh_from_db()
    assert (report.people_served, report.problems, report.version) == (25, "", 2)


def test_loading_the_finance_export_refuses_a_form_opened_before_it(chiangmai_staff, plan_2565, report):
    report(plan_2565, 1, dt.date(2021, 11, 5), 10, 1000)
    client = signed_in(chiangmai_staff)
    url = reverse("projects:monthly_report", args=[plan_2565.pk, 1])
    form = opened_form(client, url, people_served="12", budget_disbursed="1000", narrative="", problems="")
    disbursements_load(
        actor=chiangmai_staff,
        plan=plan_2565,
        header=["เดือน", "จำนวนเงิน"],
        rows=[["ต.ค. 2564", 4500]],
        columns=Columns("เดือน", "จำนวนเงิน"),
    )
    stale = client.post(url, form).context["form"].stale_edit
    assert [(c.name, c.theirs, c.yours) for c in stale.changes] == [
        ("budget_disbursed", "4,500.00", "1,000.00")
    ]
    saved = MonthlyReport.objects.get(plan=plan_2565, month=1)
    assert (saved.people_served, saved.budget_disbursed) == (10, Decimal("4500.00"))


def test_another_provinces_officer_gets_404_and_writes_nothing(make_user, chiangmai_staff, plan_2565):
    url = reverse("projects:monthly_report", args=[plan_2565.pk, 1])
    form = opened_form(signed_in(chiangmai_staff), url, people_served="25", budget_disbursed="12000")
    stranger = signed_in(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-52"))
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, form).status_code == 404
    assert not MonthlyReport.objects.exists()
