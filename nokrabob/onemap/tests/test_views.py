"""The One Map pages through the Django client: the year's figure, consent and its withdrawal."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from nokrabob.core.thai import format_be_date
from nokrabob.registry.models import Community, Household, HouseholdMember


def test_overview_states_the_definition_and_lists_communities_not_entered_per_district(client, make_user):
    Community.objects.create(code="A", name="ชุมชนวัดสระเกศ", district_code="1001", households_total=1)
    Community.objects.create(code="B", name="ชุมชนคลองจั่นพัฒนา", district_code="1006", households_total=2)
    household = Household.objects.create(
        community=Community.objects.get(code="A"), house_no="1", district_code="1001"
    )
    Household.objects.filter(pk=household.pk).update(created_at=timezone.make_aware(dt.datetime(2024, 3, 1)))
    client.force_login(make_user())
    page = client.get(reverse("onemap:overview"), {"year": "2567"})
    text = page.content.decode()
    assert "ร้อยละ 50.00 (1 จาก 2 ชุมชน)" in text
    assert "ชุมชนที่ “นำเข้าข้อมูลแล้ว”" in text
    [phra_nakhon, bang_kapi] = sorted(page.context["districts"], key=lambda d: d.code)
    assert (phra_nakhon.entered, phra_nakhon.not_entered) == (1, [])
    assert [c.code for c in bang_kapi.not_entered] == ["B"] and "นำเข้าแล้ว 0 จาก 2 ครัวเรือน" in text
    assert client.get(reverse("onemap:overview"), {"year": "abc"}).status_code == 200


def opened(client, detail):
    """The consent form's hidden fields as the household's page gives them (the version it shows)."""
    form = client.get(detail).context["consent_form"]
    return {"version": form["version"].value(), "opened": form["opened"].value()}


def test_withdrawing_the_households_consent_clears_its_members_sensitive_status(client, district_user):
    household = Household.objects.create(house_no="7", district_code="1001", subdistrict_code="100101")
    client.force_login(district_user)
    today = format_be_date(timezone.localdate())
    consent = reverse("registry:household_consent", args=[household.pk])
    detail = reverse("registry:household_detail", args=[household.pk])
    client.post(consent, {"sensitive": "1", "on": today, **opened(client, detail)})
    client.post(detail, {"name": "ตาพิการ", "age": "70", "has_disability": "true"})
    page = client.get(detail).content.decode()
    assert "พิการ" in page and "ให้ความยินยอมเมื่อ" in page
    client.post(consent, {"sensitive": "0", "on": today, **opened(client, detail)})
    member = HouseholdMember.objects.get(name="ตาพิการ")
    assert member.has_disability is None and member.history.count() == 2  # type: ignore[attr-defined]
    assert "ถอนความยินยอมเมื่อ" in client.get(detail).content.decode()
    again = {"sensitive": "0", "on": today, **opened(client, detail)}
    refused = client.post(consent, again, follow=True).content.decode()
    assert "ไม่มีความยินยอมให้ถอน" in refused
    future = format_be_date(timezone.localdate() + dt.timedelta(days=3))
    assert (
        "วันที่ต้องไม่เป็นวันในอนาคต"
        in client.post(
            consent, {"sensitive": "1", "on": future, **opened(client, detail)}, follow=True
        ).content.decode()
    )
