"""The pages through the test client: seed pages reproduced, entry and assessment, scope, query counts."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditAction, AuditEvent
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance.models import Indicator, LevelCriterion, QuarterAssessment, QuarterResult
from nokrabob.performance.seeds import load_seeds

from .registers import FY, make_activity, make_indicator


@pytest.fixture
def seeded(db, org_units):
    load_seeds()


def login(client, make_user, role, **kw):
    user = make_user(role, **kw)
    client.force_login(user)
    return user


def text(response):
    return response.content.decode()


def test_seed_001_page_reproduces_the_seed(client, make_user, seeded):
    login(client, make_user, Role.EXECUTIVE)
    ind = Indicator.objects.get(code="2400-1065", fiscal_year=2564)
    page = text(client.get(reverse("performance:indicator_detail", args=[ind.pk])))
    assert "จำนวนกลุ่มเป้าหมายของแรงงานนอกระบบในพื้นที่เขตเข้าถึงสวัสดิการทางสังคม : 2400-1065" in page
    assert 'data-testid="target">3<' in page
    assert 'data-testid="achieved">0<' in page
    assert "ตัวชี้วัดเชิงยุทธศาสตร์" in page and "(ตัวชี้วัดระดับผลผลิต (output))" in page
    assert "สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 3: 0" in page
    assert "พิมพ์ข้อมูล" in page
    rows = [(r.quarter, r.result) for r in QuarterResult.objects.filter(indicator=ind)]
    assert rows == [(1, D("0.00")), (2, D("0.00")), (3, D("0.00")), (4, D("100.00"))]
    for q, result, assessed in [
        (1, "0.00", "100 / 100"),
        (2, "0.00", "100 / 100"),
        (3, "0.00", "0 / 0"),
        (4, "100.00", "100 / 100"),
    ]:
        row = page.split(f'data-quarter="{q}"')[1].split("</tr>")[0]
        assert f">{result}<" in row
        assert assessed in row
    for n in range(1, 5):
        assert f"รายงานผลฯ ไตรมาสที่ {n}" in page
    assert "ครบ 3 กลุ่มเป้าหมาย 1.กลุ่มผู้ขับขี่รถจักรยานยนต์รับจ้าง" in page
    assert "ที่ กท.1504/1243 ลงวันที่ 9 มิถุนายน 2564" in page
    assert "ด้านที่ ๓ - มหานครสำหรับทุกคน : Bangkok as a City for All" in page
    assert "๓.๒.๒.๑ - พัฒนาโรงเรียนฝึกอาชีพกรุงเทพมหานคร" in page
    assert ":ด้านที่" not in page and ">:" not in page  # the seed page's stray colons are not shown
    assert "** " not in page and "*** " not in page  # nor its asterisks
    assert "(จำนวนกลุ่มเป้าหมายที่เข้าร่วมกิจกรรมเข้าถึงข้อมูลข่าวสารเกี่ยวกับสวัสดิการ" in page
    assert "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้" in page


def test_seed_004_agreement_weights_and_level_tables(client, make_user, seeded):
    login(client, make_user, Role.ASSESSOR)
    response = client.get(reverse("performance:indicator_list"), {"year": 2567})
    page = text(response)
    statuses = response.context["statuses"]
    assert [(s.indicator.code, s.indicator.weight) for s in statuses] == [
        ("1.1-1", D(10)),
        ("1.1-2", D(10)),
        ("1.1-3", D(10)),
        ("1.2-1", D(20)),
        ("1.3-1", D(10)),
        ("1.3-2", D(10)),
    ]
    assert response.context["weight_problems"] == []  # 30 / 20 / 20, as the agreement says
    assert 'data-testid="weight-warning"' not in page
    joint = Indicator.objects.get(code="1.2-1", fiscal_year=2567)
    assert {u.abbreviation for u in joint.owner_units.all()} == {"สพส.", "สวท.", "สปส.", "สป.", "สนศ."}
    table = {c.level: (c.percent, c.score) for c in LevelCriterion.objects.filter(indicator=joint)}
    assert table == {5: (100, 20), 4: (80, 16), 3: (60, 12), 2: (40, 8), 1: (20, 4)}
    first = Indicator.objects.get(code="1.1-1", fiscal_year=2567)
    assert {c.level: c.score for c in first.levels.all()} == {5: 10, 4: 8, 3: 6, 2: 4, 1: 2}
    detail = text(client.get(reverse("performance:indicator_detail", args=[joint.pk])))
    assert "พ.ศ. 2566 : -" in detail
    assert "ระดับ ๕ (๖ ย่าน)" in detail


def test_scores_and_unit_total_follow_the_seed_tables(client, make_user, seeded):
    login(client, make_user, Role.ASSESSOR)
    by_code = {i.code: i for i in Indicator.objects.filter(fiscal_year=2567)}
    # 80 % → level 4 → 8 of 10 points; the joint indicator at level 3 → 12 of 20.
    QuarterResult.objects.create(indicator=by_code["1.1-1"], quarter=4, result=D(80))
    QuarterResult.objects.create(indicator=by_code["1.2-1"], quarter=4, level=D(3))
    QuarterResult.objects.create(indicator=by_code["1.1-2"], quarter=4, result=D(100))
    response = client.get(reverse("performance:indicator_list"), {"year": 2567})
    statuses = {s.indicator.code: s for s in response.context["statuses"]}
    assert (statuses["1.1-1"].level, statuses["1.1-1"].score) == (4, D("8.00"))
    assert (statuses["1.2-1"].level, statuses["1.2-1"].score) == (3, D("12.00"))
    assert (statuses["1.1-2"].level, statuses["1.1-2"].score) == (5, D("10.00"))
    total = next(t for t in response.context["totals"] if t.unit.code == "2400")
    # 1.3-1 is live and the test register has no communities: 0 % → level 0.
    assert total.total_weight == D(70)
    assert total.earned == D("30.00")
    assert total.level == D("2.1429")  # (10·4 + 10·5 + 20·3) / 70
    assert total.band.code == "weak"
    culture = next(t for t in response.context["totals"] if t.unit.code == "BMA-CULTURE")
    assert (culture.total_weight, culture.level) == (D(20), D(3))
    page = text(response)
    assert 'data-band="weak"' in page and "30 จาก 70 คะแนน" in page


def test_the_assessor_level_overrides_the_computed_one(client, make_user, seeded):
    login(client, make_user, Role.ASSESSOR)
    ind = Indicator.objects.get(code="1.1-1", fiscal_year=2567)
    QuarterResult.objects.create(indicator=ind, quarter=4, result=D(80))
    url = reverse("performance:assessment_edit", args=[ind.pk, 4])
    response = client.post(
        url, {"score": "100", "score_21": "100", "score_22": "100", "level": "5", "comment": ""}
    )
    assert response.status_code == 302
    page = client.get(reverse("performance:indicator_detail", args=[ind.pk]))
    assert page.context["status"].level == 5
    assert page.context["status"].score == D("10.00")
    assert "ระดับตามผลประเมินของ สยป." in text(page)


def opened(client, url):
    """The hidden fields of the form as the page gives them (the version it was opened at)."""
    form = client.get(url).context["form"]
    return {"version": form["version"].value(), "opened": form["opened"].value()}


def test_reporting_a_result_through_the_form(client, make_user, department_unit):
    ind = make_indicator(department_unit, fiscal_year=2570, report_due_days=120)
    login(client, make_user, Role.DEPARTMENT_STAFF)
    url = reverse("performance:result_edit", args=[ind.pk, 1])
    form = opened(client, url)
    bad = client.post(url, {"result": "150", "narrative": "x", **form})
    assert bad.status_code == 200
    assert bad.context["form"].errors["result"] == ["ร้อยละต้องไม่เกิน 100"]
    bad_date = client.post(url, {"result": "50", "as_of": "01/10/2570", **form})
    assert "ปีงบประมาณ พ.ศ. 2570" in bad_date.context["form"].errors["as_of"][0]
    ce_year = client.post(url, {"result": "50", "as_of": "01/10/2025", **form})
    assert "ไม่ใช่ปีพุทธศักราช" in ce_year.context["form"].errors["as_of"][0]
    assert not QuarterResult.objects.exists()
    ok = client.post(url, {"result": "50", "as_of": "31/12/2569", "narrative": "ดำเนินการแล้วครึ่งหนึ่ง", **form})
    assert ok.status_code == 302
    row = QuarterResult.objects.get(indicator=ind, quarter=1)
    assert (row.result, row.as_of) == (D(50), dt.date(2026, 12, 31))


def test_a_locked_quarter_shows_locked_and_refuses(client, make_user, department_unit):
    ind = make_indicator(department_unit, fiscal_year=2566)
    login(client, make_user, Role.DEPARTMENT_STAFF)
    url = reverse("performance:result_edit", args=[ind.pk, 2])
    page = client.get(url)
    assert page.context["locked"] is True
    assert "ปิดรับผลแล้ว" in text(page)
    response = client.post(url, {"result": "10", **opened(client, url)})
    assert "ปิดรับผลแล้ว" in " ".join(response.context["form"].non_field_errors())
    assert not QuarterResult.objects.exists()


def test_reopen_through_the_page_is_audited(client, make_user, department_unit):
    ind = make_indicator(department_unit, fiscal_year=2566)
    login(client, make_user, Role.ASSESSOR)
    today = dt.date.today()
    until = today + dt.timedelta(days=7)
    response = client.post(
        reverse("performance:quarter_reopen", args=[ind.pk, 2]),
        {"until": f"{until.day}/{until.month}/{until.year + 543}", "reason": "แก้ไขตามหนังสือที่ กท 1504/99"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.REOPEN).count() == 1
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    url = reverse("performance:result_edit", args=[ind.pk, 2])
    assert client.post(url, {"result": "10", **opened(client, url)}).status_code == 302


def test_who_may_open_which_form(client, make_user, department_unit):
    ind = make_indicator(department_unit, fiscal_year=2570)
    login(client, make_user, Role.EXECUTIVE)
    assert client.get(reverse("performance:result_edit", args=[ind.pk, 1])).status_code == 403
    assert client.get(reverse("performance:assessment_edit", args=[ind.pk, 1])).status_code == 403
    assert client.get(reverse("performance:indicator_create")).status_code == 403
    assert client.get(reverse("performance:indicator_detail", args=[ind.pk])).status_code == 200
    assert client.get(reverse("performance:indicator_detail", args=[99999])).status_code == 404
    assert client.get(reverse("performance:result_edit", args=[ind.pk, 5])).status_code == 404


def test_live_drilldown_respects_scope(client, make_user, register, department_unit):
    ind = make_indicator(
        department_unit,
        code="2400-1065",
        measure_kind="live",
        live_measure="target_groups_reached",
        unit_of_measure="groups",
        target=3,
    )
    url = reverse("performance:drilldown", args=[ind.pk])
    login(client, make_user, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    page = client.get(url)
    assert [r["name"] for r in page.context["rows"]] == ["คนB ทดสอบ"]
    detail = text(client.get(reverse("performance:indicator_detail", args=[ind.pk])))
    assert 'data-testid="live-value">1 กลุ่ม' in detail
    assert "1 รายการในพื้นที่ของคุณ" in detail
    login(client, make_user, Role.EXECUTIVE)
    assert client.get(url).status_code == 403
    detail = text(client.get(reverse("performance:indicator_detail", args=[ind.pk])))
    assert 'data-testid="live-value">1 กลุ่ม' in detail
    assert 'data-testid="drilldown-link"' not in detail


def test_indicator_form_shows_weight_error_on_the_field(client, make_user, seeded):
    login(client, make_user, Role.ADMIN)
    from nokrabob.performance.models import AgreementComponent

    comp = AgreementComponent.objects.get(code="1.1", agreement__fiscal_year=2567)
    data = {
        "fiscal_year": 2567,
        "code": "1.1-4",
        "name": "ตัวชี้วัดที่สี่",
        "lead_unit": comp.agreement.unit_id,
        "category": "strategic",
        "result_level": "output",
        "component": comp.pk,
        "unit_of_measure": "percent",
        "target": "100",
        "weight": "5",
        "measure_kind": "number",
        "factor": "100",
        "report_due_days": "15",
    }
    response = client.post(reverse("performance:indicator_create"), data)
    assert "เกินน้ำหนักขององค์ประกอบ 30 คะแนน" in response.context["form"].errors["weight"][0]
    assert not Indicator.objects.filter(code="1.1-4").exists()
    data.update(
        component="",
        weight="10",
        level_5_percent="100",
        level_5_score="10",
        level_4_percent="100",
        level_4_score="8",
    )
    response = client.post(reverse("performance:indicator_create"), data)
    assert "ร้อยละของระดับ 5 ต้องมากกว่าระดับ 4" in " ".join(response.context["form"].non_field_errors())
    data.update(level_4_percent="80", baseline_1_year="2567", baseline_1_text="๑ หลักสูตร")
    response = client.post(reverse("performance:indicator_create"), data)
    assert "ปีก่อนปีงบประมาณ 2567" in " ".join(response.context["form"].non_field_errors())
    data.update(baseline_1_year="2566", baseline_2_text="ไม่มีปี")
    response = client.post(reverse("performance:indicator_create"), data)
    assert response.context["form"].errors["baseline_2_year"] == ["ระบุปี พ.ศ. ของข้อมูลพื้นฐาน"]
    data.update(baseline_2_text="")
    response = client.post(reverse("performance:indicator_create"), data)
    assert response.status_code == 302
    created = Indicator.objects.get(code="1.1-4")
    assert [(c.level, c.percent) for c in created.levels.order_by("level")] == [(4, 80), (5, 100)]
    assert [(b.fiscal_year, b.text) for b in created.baselines.all()] == [(2566, "๑ หลักสูตร")]


def test_list_page_queries_do_not_grow_with_indicators(
    client, make_user, department_unit, django_assert_max_num_queries
):
    login(client, make_user, Role.ASSESSOR)

    def add(n, start):
        for i in range(start, start + n):
            ind = make_indicator(department_unit, code=f"Q-{i}")
            LevelCriterion.objects.create(indicator=ind, level=5, percent=100)
            QuarterResult.objects.create(indicator=ind, quarter=1, result=50)
            QuarterAssessment.objects.create(indicator=ind, quarter=1, score=100)

    add(3, 0)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("performance:indicator_list"), {"year": FY}).status_code == 200
    add(30, 3)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("performance:indicator_list"), {"year": FY})
    assert len(response.context["statuses"]) == 33


def test_strategy_map_and_drilldown_queries_are_bounded(
    client, make_user, seeded, register, django_assert_max_num_queries
):
    login(client, make_user, Role.DEPARTMENT_STAFF)
    with django_assert_max_num_queries(10):
        page = text(client.get(reverse("performance:strategy_map")))
    assert "มหานครสำหรับทุกคน : Bangkok as a City for All" in page
    assert "2400-1065" in page and "มิติสังคมดี" in page
    this_year = FiscalYear.current()
    ind = make_indicator(
        Indicator.objects.first().lead_unit,
        code="L",
        fiscal_year=this_year.be,
        measure_kind="live",
        live_measure="target_members_reached_pct",
    )
    activity = make_activity(this_year.be, this_year.start)
    for key in ("A", "B"):
        register.took_part(key, activity)
    # 18, plus the audit row of the people shown (savepoint, chain lock on PostgreSQL, the chain's head,
    # insert, release)
    with django_assert_max_num_queries(23):
        response = client.get(reverse("performance:drilldown", args=[ind.pk]))
    assert len(response.context["rows"]) == 2
    for n in range(20):
        register.person(f"X{n}", "farmer", "1001")
        register.took_part(f"X{n}", activity)
    # 18, plus the audit row of the people shown (savepoint, chain lock on PostgreSQL, the chain's head,
    # insert, release)
    with django_assert_max_num_queries(23):
        response = client.get(reverse("performance:drilldown", args=[ind.pk]))
    assert len(response.context["rows"]) == 22


def test_indicator_pdf_is_a_pdf_with_the_seed_text(client, make_user, seeded, tmp_path):
    login(client, make_user, Role.DEPARTMENT_STAFF)
    ind = Indicator.objects.get(code="2400-DB", fiscal_year=2562)
    response = client.get(reverse("performance:indicator_pdf", args=[ind.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / "indicator.pdf"
    out.write_bytes(response.content)
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "2400-DB" in text
    assert "กรมการขนส่งทางบก" in text
    assert "ผู้รายงานข้อมูล" in text


def test_evidence_upload_and_milestones_page(client, make_user, department_unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nokrabob.performance.models import Evidence, Milestone, MilestoneKind

    ind = make_indicator(department_unit, fiscal_year=2570)
    user = login(client, make_user, Role.DEPARTMENT_STAFF)
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    url = reverse("performance:evidence_upload", args=[ind.pk])
    assert client.post(url, {"title": "รายงานการประชุม", "quarter": "1", "file": upload}).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.title, evidence.quarter, evidence.uploaded_by) == ("รายงานการประชุม", 1, user)
    assert AuditEvent.objects.filter(target_type="performance.evidence", action=AuditAction.CREATE).exists()
    assert "รายงานการประชุม" in text(client.get(reverse("performance:indicator_detail", args=[ind.pk])))
    evidence.file.delete()
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    client.post(url, {"title": "โปรแกรม", "file": script})
    assert Evidence.objects.count() == 1

    admin = login(client, make_user, Role.ADMIN)
    url = reverse("performance:milestone_list")
    kind = MilestoneKind.DATABASE_DEFINED.value  # publication and API access are read from the records
    bad = client.post(url, {"kind": kind, "fiscal_year": "2570", "achieved_on": "01/10/2570"})
    assert "ปีงบประมาณ พ.ศ. 2570" in bad.context["form"].errors["achieved_on"][0]
    ok = client.post(url, {"kind": kind, "fiscal_year": "2570", "achieved_on": "15/01/2570"})
    assert ok.status_code == 302
    assert Milestone.objects.get().recorded_by == admin
    login(client, make_user, Role.EXECUTIVE)
    assert client.post(url, {"kind": "data_published", "fiscal_year": "2570"}).status_code == 403


def test_home_cards_remind_reporters_and_the_assessor(client, make_user, department_unit):
    from django.utils import timezone

    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.performance.home import cards

    today = timezone.localdate()
    fy = FiscalYear.of(today)
    q = fy.quarter_of(today).number
    year, due_q = (fy.be - 1, 4) if q == 1 else (fy.be, q - 1)
    ind = make_indicator(department_unit, fiscal_year=year, code="H-1")
    reporter = make_user(Role.DEPARTMENT_STAFF)
    card = cards(reporter)[0]
    assert card.figure == "1"
    assert f"ไตรมาสที่ {due_q}/{year}" in card.title
    QuarterResult.objects.create(indicator=ind, quarter=due_q, result=10)
    assert cards(reporter) == []
    assessor_card = cards(make_user(Role.ASSESSOR))[0]
    assert assessor_card.figure == "1"
    assert cards(make_user(Role.EXECUTIVE)) == []


def test_strategy_map_grows_through_its_page_and_indicators_hang_from_nodes(
    client, make_user, department_unit
):
    from nokrabob.performance.models import StrategyNode

    login(client, make_user, Role.DEPARTMENT_STAFF)
    url = reverse("performance:strategy_map")
    orphan = client.post(url, {"kind": "strategy", "code": "๓", "title": "มหานครสำหรับทุกคน"})
    assert orphan.context["form"].errors["parent"] == ["เลือกรายการที่อยู่เหนือขึ้นไป"]
    assert client.post(url, {"kind": "plan", "title": "แผนพัฒนากรุงเทพมหานครระยะ 20 ปี"}).status_code == 302
    plan = StrategyNode.objects.get(kind="plan")
    assert (
        client.post(
            url, {"kind": "strategy", "parent": plan.pk, "code": "๓", "title": "มหานครสำหรับทุกคน"}
        ).status_code
        == 302
    )
    twice = client.post(url, {"kind": "strategy", "parent": plan.pk, "code": "๓", "title": "ซ้ำ"})
    assert "มีอยู่แล้ว" in twice.context["form"].errors["code"][0]
    strategy = StrategyNode.objects.get(kind="strategy")

    ind = make_indicator(department_unit, fiscal_year=2570)
    login(client, make_user, Role.ADMIN)
    edit = client.get(reverse("performance:indicator_edit", args=[ind.pk]))
    data = {k: v for k, v in edit.context["form"].initial.items() if v is not None}
    data.update(lead_unit=department_unit.pk, owner_units=[], strategy_nodes=[strategy.pk], component="")
    response = client.post(reverse("performance:indicator_edit", args=[ind.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(ind.strategy_nodes.all()) == [strategy]
    page = text(client.get(url))
    assert "มหานครสำหรับทุกคน" in page and "ตัวชี้วัดทดสอบ" in page
    login(client, make_user, Role.EXECUTIVE)
    assert client.post(url, {"kind": "plan", "title": "x"}).status_code == 403


def test_interpolated_and_milestone_levels_in_the_status(department_unit):
    from nokrabob.performance.selectors import indicator_status, indicators_qs

    smooth = make_indicator(department_unit, code="S", interpolate=True)
    QuarterResult.objects.create(indicator=smooth, quarter=2, result=70)
    status = indicator_status(indicators_qs().get(pk=smooth.pk))
    assert (status.level, status.score) == (D("3.5"), D("7.00"))  # 70 % between 60 % (3) and 80 % (4)

    steps = make_indicator(
        department_unit, code="M", measure_kind="milestone", unit_of_measure="level", target=5, weight=20
    )
    QuarterResult.objects.create(indicator=steps, quarter=1, level=2)
    QuarterResult.objects.create(indicator=steps, quarter=3, level=4)
    status = indicator_status(indicators_qs().get(pk=steps.pk))
    assert (status.value, status.level, status.score) == (4, 4, D("16.00"))  # seed 004's joint table: 16


def test_the_list_opens_on_the_latest_year_that_has_indicators(client, make_user, seeded):
    login(client, make_user, Role.DEPARTMENT_STAFF)
    response = client.get(reverse("performance:indicator_list"))
    assert response.context["year"] == 2567  # this fiscal year has none: the agreement's year opens
    assert response.context["years"][0] >= 2570 and 2564 in response.context["years"]
    searched = client.get(reverse("performance:indicator_list"), {"year": 2567, "q": "One Map"})
    assert [s.indicator.code for s in searched.context["statuses"]] == ["1.3-1"]
    by_unit = client.get(reverse("performance:indicator_list"), {"year": 2567, "unit": "BMA-CULTURE"})
    assert [s.indicator.code for s in by_unit.context["statuses"]] == ["1.2-1"]


def test_pages_render_in_english_too(client, make_user, seeded):
    login(client, make_user, Role.ADMIN)
    client.cookies["nokrabob_language"] = "en"
    ind = Indicator.objects.get(code="1.2-1", fiscal_year=2567)
    for url in (
        reverse("performance:indicator_list") + "?year=2567",
        reverse("performance:indicator_detail", args=[ind.pk]),
        reverse("performance:indicator_edit", args=[ind.pk]),
        reverse("performance:strategy_map"),
        reverse("performance:milestone_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in text(response)
