"""One Map: the per-district page, loading communities and households, and a household's consent, tried
with another district's and another province's records."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nokrabob.registry.models import Community, Household, HouseholdMember

from .helpers import snapshot, today_be


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode("utf-8"), content_type="text/csv")


def _load(client, kind: str, text: str):  # type: ignore[no-untyped-def]
    response = client.post(reverse("onemap:upload", args=[kind]), {"file": _csv(text)})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    return response["Location"], client.post(response["Location"], data)


def test_onemap_lists_only_the_readers_communities(client, world):
    phra_nakhon, bang_kapi = world.area("1001"), world.area("1006")
    client.force_login(world.user("d1001"))
    # This year each sweep household is entered (its community counts); in FY 2567 none was yet, so the
    # community is listed as not entered, by name.
    response = client.get(reverse("onemap:overview"))
    assert (response.context["total"], response.context["entered"]) == (1, 1)
    text = client.get(reverse("onemap:overview") + "?year=2567").content.decode()
    assert f"ชุมชน{phra_nakhon.word}" in text and bang_kapi.word not in text
    client.force_login(world.user("dept"))
    response = client.get(reverse("onemap:overview") + "?year=2567")
    assert response.context["total"] == 2
    assert phra_nakhon.word in response.content.decode() and bang_kapi.word in response.content.decode()
    for province_officer in ("cm", "lp"):
        client.force_login(world.user(province_officer))
        response = client.get(reverse("onemap:overview"))
        assert response.context["districts"] == [] and response.context["total"] == 0
        assert phra_nakhon.word not in response.content.decode()


def test_loading_cannot_reach_another_districts_or_provinces_records(client, world):
    bang_kapi = world.area("1006")
    before = snapshot()
    client.force_login(world.user("d1001"))
    # A row for another district, and a row re-using another district's community code.
    _url, response = _load(
        client,
        "communities",
        "รหัสชุมชน,ชื่อชุมชน,เขต,แขวง,จำนวนครัวเรือน\n"
        "N-1,ชุมชนใหม่ริมคลอง,พระนคร,พระบรมมหาราชวัง,40\n"
        "N-2,ชุมชนบุกรุก,บางกะปิ,,20\n"
        "SWEEP-1006,ชุมชนยึดรหัส,พระนคร,,10\n",
    )
    errors = {(e.row, e.message) for e in response.context["outcome"].errors}
    assert (3, "เขตนี้อยู่นอกพื้นที่ของท่าน") in errors
    assert (4, "รหัสนี้เป็นของชุมชนในเขตอื่น") in errors
    assert "ยังไม่ได้บันทึกข้อมูลใด ๆ" in response.content.decode()
    # A household in another district's community: that community does not exist for this officer.
    _url, response = _load(
        client,
        "households",
        "รหัสชุมชน,บ้านเลขที่,ชื่อสมาชิก\nSWEEP-1006,1/1,นายข้ามเขต\nSWEEP-1001,2/2,นางในเขต\n",
    )
    [error] = response.context["outcome"].errors
    assert error.row == 2 and "ไม่พบชุมชนรหัส SWEEP-1006" in error.message
    assert bang_kapi.word not in response.content.decode()
    assert snapshot() == before  # one bad row: nothing of the file is written
    # A provincial office holds no Bangkok district: it loads no communities at all.
    client.force_login(world.user("cm"))
    response = client.post(
        reverse("onemap:upload", args=["communities"]),
        {"file": _csv("รหัสชุมชน,ชื่อชุมชน,เขต\nP-1,ชุมชน,พระนคร\n")},
    )
    assert response.status_code == 200
    assert "ทะเบียนชุมชนเป็นข้อมูลของกรุงเทพมหานคร" in response.content.decode()
    assert snapshot() == before


def test_the_same_loads_work_for_the_districts_own_records(client, world):
    """The refusals above are the scope's: the officer's own district loads."""
    client.force_login(world.user("d1001"))
    _url, response = _load(
        client,
        "communities",
        "รหัสชุมชน,ชื่อชุมชน,เขต,แขวง,ประเภทชุมชน,จำนวนครัวเรือน\nN-1,ชุมชนใหม่ริมคลอง,พระนคร,พระบรมมหาราชวัง,ชุมชนเมือง,40\n",
    )
    assert response.status_code == 302
    community = Community.objects.get(code="N-1")
    assert (community.district_code, community.subdistrict_code, community.households_total) == (
        "1001",
        "100101",
        40,
    )
    _url, response = _load(client, "households", "รหัสชุมชน,บ้านเลขที่,ชื่อสมาชิก,อายุ\nN-1,5/1,นางในเขต,61\n")
    assert response.status_code == 302
    assert HouseholdMember.objects.get(household__community=community).age == 61


def test_another_users_upload_answers_404(client, world):
    client.force_login(world.user("d1001"))
    response = client.post(
        reverse("onemap:upload", args=["communities"]),
        {"file": _csv("รหัสชุมชน,ชื่อชุมชน,เขต\nN-1,ชุมชนใหม่,พระนคร\n")},
    )
    url = response["Location"]
    before = snapshot()
    for other in ("d1006", "cm", "dept"):
        client.force_login(world.user(other))
        assert client.get(url).status_code == 404
        assert client.post(url, {"col_code": "0", "col_name": "1", "col_district": "2"}).status_code == 404
    assert snapshot() == before
    token = url.rstrip("/").rsplit("/", 1)[1]
    client.force_login(world.user("d1001"))
    assert client.get(url.replace(token, "../../etc")).status_code == 404


def test_household_consent_opens_sensitive_fields_for_the_households_own_officer(client, world):
    bang_kapi = world.area("1006")
    household = bang_kapi.household
    client.force_login(world.user("d1001"))
    url = reverse("registry:household_consent", args=[household.pk])
    assert client.post(url, {"sensitive": "1", "on": today_be()}).status_code == 404
    household.refresh_from_db()
    assert not household.sensitive_consent
    client.force_login(world.user("d1006"))
    detail = reverse("registry:household_detail", args=[household.pk])
    refused = client.post(detail, {"name": "ยายติดเตียง", "age": "88", "is_bedridden": "true"})
    assert "ครัวเรือนยังไม่ได้ให้ความยินยอม" in refused.content.decode()
    version = Household.objects.get(pk=household.pk).version  # what the consent form carries
    assert client.post(url, {"sensitive": "1", "on": today_be(), "version": version}).status_code == 302
    assert client.post(detail, {"name": "ยายติดเตียง", "age": "88", "is_bedridden": "true"}).status_code == 302
    member = HouseholdMember.objects.get(name="ยายติดเตียง")
    assert member.is_bedridden is True and member.person is None and member.age == 88
    assert Household.objects.get(pk=household.pk).consent_covers_sensitive


def test_evidence_files_download_under_their_title_for_signed_in_users_only(
    client, world, settings, tmp_path
):
    from nokrabob.audit.models import AuditEvent
    from nokrabob.performance.models import Evidence, EvidenceItem
    from nokrabob.performance.services import evidence_add

    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItem.objects.create(indicator=world.indicator, number=1, title="แผนดำเนินการ", level=1)
    evidence = evidence_add(
        actor=world.user("admin"),
        indicator=world.indicator,
        quarter=None,
        title="",
        item=item,
        file=SimpleUploadedFile("../../แผน ของเขต.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    stored = evidence.file.name
    assert stored.startswith("performance/evidence/") and "แผน" not in stored and ".." not in stored
    url = reverse("performance:evidence_file", args=[evidence.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(world.user("executive"))
    reads = AuditEvent.objects.filter(action="view", target_type="performance.evidence").count()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="view", target_type="performance.evidence").count() == reads + 1
    assert (evidence.title, evidence.item) == ("แผนดำเนินการ", item)
    assert (
        client.get(reverse("performance:evidence_file", args=[Evidence.objects.count() + 99])).status_code
        == 404
    )
