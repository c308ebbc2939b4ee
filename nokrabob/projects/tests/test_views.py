"""Through the Django test client: the seed pages, forms with bad input, scope, exports, query counts."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit
from nokrabob.projects import plan_services
from nokrabob.projects.deadlines import default_due_date
from nokrabob.projects.models import PlanStep, ProgressEntry, Project

pytestmark = pytest.mark.django_db
D = dt.date


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def seed_project():
    call_command("load_project_seeds", stdout=io.StringIO())
    return Project.objects.get(code="24000000-3029")


def test_fixture_command_loads_the_seed(seed_project):
    assert seed_project.progress_entries.count() == 10
    assert [s.weight for s in seed_project.steps.order_by("number")] == [20, 50, 0]
    assert [o.people for o in seed_project.outputs.order_by("number")] == [847, 539, 489]
    call_command("load_project_seeds", stdout=io.StringIO())  # twice: nothing doubles
    assert ProgressEntry.objects.filter(project=seed_project).count() == 10


def test_seed_project_page_reproduces_seed_002(client, make_user, seed_project):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = text(client.get(reverse("projects:project_detail", args=[seed_project.pk])))
    assert "24000000-3029" in page
    assert "สํานักพัฒนาสังคม" in page or "สำนักพัฒนาสังคม" in page
    assert "ร้อยละ 100.00" in page  # overall progress as entered
    for people in ("847 ราย", "539 ราย", "489 ราย", "1,875 ราย"):
        assert people in page
    for entry in ("(1) ความคืบหน้าโครงการฯ ร้อยละ 100.00", "(10) ความคืบหน้าโครงการฯ ร้อยละ 10.00"):
        assert entry in page
    assert "30/08/2564" in page and "25/11/2563" in page
    assert "วางแผนการดำเนินงาน" in page and "รวบรวมแบบสอบถามและสรุปผล" in page
    assert "น้ำหนักของขั้นตอนรวมกันได้ 70%" in page
    assert "ด้านที่ ๓ - มหานครสำหรับทุกคน" in page
    assert "<polyline" in page  # the planned-vs-actual curve is drawn on the server


def test_steps_form_with_bad_weights_shows_the_message_and_saves_nothing(client, make_user, seed_project):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    url = reverse("projects:project_steps", args=[seed_project.pk])
    data = {"steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0"}
    for i, (name, weight) in enumerate([("วางแผน", "20"), ("ดำเนินการ", "50")]):
        data |= {
            f"steps-{i}-name": name,
            f"steps-{i}-weight": weight,
            f"steps-{i}-planned_start": "01/10/2563",
            f"steps-{i}-planned_end": "31/12/2563",
            f"steps-{i}-percent_complete": "0",
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "น้ำหนักของทุกขั้นตอนรวมกันต้องเท่ากับ 100 (ตอนนี้รวมได้ 70)" in text(response)
    assert PlanStep.objects.filter(project=seed_project).count() == 3
    data["steps-1-weight"] = "80"
    data["steps-1-planned_end"] = "30/09/2563"  # before it starts, and outside FY 2564
    response = client.post(url, data)
    assert "นอกปีงบประมาณ 2564" in text(response)
    data["steps-1-planned_end"] = "31/12/2563"
    assert client.post(url, data).status_code == 302
    assert list(seed_project.steps.values_list("weight", flat=True)) == [20, 80]


def test_progress_form_refuses_over_100_on_the_field(client, make_user, seed_project):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    url = reverse("projects:progress_add", args=[seed_project.pk])
    response = client.post(url, {"reported_on": "30/09/2564", "percent": "120", "work_done": "สรุปผล"})
    assert "ความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100" in text(response)
    response = client.post(url, {"reported_on": "30/09/2021", "percent": "100", "work_done": "สรุปผล"})
    assert "ไม่ใช่ปีพุทธศักราช" in text(response)
    assert seed_project.progress_entries.count() == 10


def test_assessor_records_a_quarter_others_may_not(client, make_user, seed_project):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    assert client.get(reverse("projects:project_assess", args=[seed_project.pk])).status_code == 403
    client.force_login(make_user(Role.ASSESSOR))
    url = reverse("projects:project_assess", args=[seed_project.pk])
    assert client.post(url, {"quarter": "2", "score": "100"}).status_code == 302
    assert seed_project.assessments.get(quarter=2).score == 100


def test_provincial_staff_do_not_see_other_units_plans(client, make_user, plan_2565):
    client.force_login(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-52"))
    assert client.get(reverse("projects:plan_detail", args=[plan_2565.pk])).status_code == 404
    assert client.get(reverse("projects:monthly_report", args=[plan_2565.pk, 1])).status_code == 404


def test_monthly_report_form(client, chiangmai_staff, plan_2565):
    client.force_login(chiangmai_staff)
    url = reverse("projects:monthly_report", args=[plan_2565.pk, 1])
    opened = {"version": "0"}  # the form of a month not reported yet
    response = client.post(url, {"people_served": "25", "budget_disbursed": "999999", **opened})
    assert "เกินวงเงินที่ได้รับจัดสรร" in text(response)
    ok = client.post(url, {"people_served": "25", "budget_disbursed": "12000", **opened})
    assert ok.status_code == 302
    detail = text(client.get(reverse("projects:plan_detail", args=[plan_2565.pk])))
    assert 'data-testid="status-1">ล่าช้า' in detail  # submitted today, long after 5 Nov 2564


def test_policy_grid_shows_the_6th_as_late(client, make_user, plan_2565, report):
    report(plan_2565, 1, D(2021, 11, 6), 10, 1000)
    report(plan_2565, 2, D(2021, 12, 5), 10, 1000)
    client.force_login(make_user(Role.POLICY_STAFF))
    page = text(client.get(reverse("projects:reporting_grid") + "?fy=2565"))
    row = re.search(r'<tr data-unit="PLO-50">(.*?)</tr>', page).group(1)
    statuses = re.findall(r'<span class="dot (\w+)"', row)
    assert statuses[:3] == ["late", "on_time", "missing"]
    assert page.count('<tr data-unit="PLO-') == 76


def test_rounds_page_and_tables(client, make_user, plan_2565, report):
    for month in range(1, 7):
        report(plan_2565, month, default_due_date(2565, month), 50, 30000)
    client.force_login(make_user(Role.POLICY_STAFF))
    page = text(client.get(reverse("projects:round_scores") + "?fy=2565"))
    row = re.search(r'<tr data-unit="PLO-50">(.*?)</tr>', page).group(1)
    assert re.search(r'data-testid="round-1-level"[^>]*>ระดับ 4<', row)
    assert "ไม่น้อยกว่าร้อยละ ๒๐" in page


def test_yearly_report_pdf(client, chiangmai_staff, plan_2565, report):
    from nokrabob.projects.yearly import yearly_html

    report(plan_2565, 1, D(2021, 11, 5), 50, 30000)
    html = re.sub(r"\s+", " ", yearly_html(plan_2565, signer=chiangmai_staff))
    assert "Sarabun-Regular.ttf" in html and "file://" in html
    assert "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้" in html
    assert "ลงชื่อ" in html and "ตำแหน่ง แรงงานจังหวัด" in html and "( ประเสริฐ ระบบ )" in html
    assert "เอกสาร ๓" in html and "ประจำปีงบประมาณ พ.ศ. ๒๕๖๕" in html
    client.force_login(chiangmai_staff)
    response = client.get(reverse("projects:yearly_report_pdf", args=[plan_2565.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 10_000


def test_reporting_grid_excel(client, make_user, plan_2565, report):
    report(plan_2565, 1, D(2021, 11, 6), 10, 1000)
    client.force_login(make_user(Role.POLICY_STAFF))
    response = client.get(reverse("projects:reporting_xlsx") + "?fy=2565")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["สำนักงานแรงงานจังหวัดเชียงใหม่"][1].startswith("ล่าช้า 06/11/2564")


def test_project_list_has_no_n_plus_1(client, make_user, django_assert_max_num_queries):
    sps = make_user(Role.DEPARTMENT_STAFF)
    unit = OrgUnit.objects.get(code="2400")
    for i in range(30):
        project = Project.objects.create(
            code=f"P-{i:03d}", name=f"โครงการ {i}", owner_unit=unit, fiscal_year=2568
        )
        project.steps.create(
            number=1,
            name="ก",
            weight=100,
            planned_start=D(2024, 10, 1),
            planned_end=D(2025, 9, 30),
            percent_complete=i,
        )
        project.progress_entries.create(reported_on=D(2024, 11, 1), percent=i, work_done="x")
    client.force_login(sps)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:project_list"))
    assert response.status_code == 200
    assert text(response).count('href="/projects/') >= 25


def test_plan_list_and_grid_have_no_n_plus_1(client, make_user, django_assert_max_num_queries):
    from nokrabob.projects.plan_services import ActivityData

    admin = make_user(Role.ADMIN)
    for code in ("PLO-50", "PLO-52", "PLO-57", "PLO-40", "PLO-30"):
        plan = plan_services.plan_create(
            actor=admin, unit=OrgUnit.objects.get(code=code), fiscal_year=2565, recorded_on=D(2021, 10, 5)
        )
        plan_services.activities_replace(
            actor=admin, plan=plan, activities=[ActivityData("ก", 100, Decimal(1000), [1])]
        )
    client.force_login(make_user(Role.POLICY_STAFF))
    for name in ("projects:plan_list", "projects:reporting_grid", "projects:round_scores"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name) + "?fy=2565").status_code == 200


def test_home_reminds_a_province_of_an_overdue_month(client, chiangmai_staff, plan_2565):
    from django.utils import timezone

    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.projects.home import reminder_cards

    today = timezone.localdate()
    plan_services.plan_create(
        actor=chiangmai_staff,
        unit=OrgUnit.objects.get(code="PLO-50"),
        fiscal_year=FiscalYear.of(today).be,
        recorded_on=FiscalYear.of(today).start,
    )
    later = FiscalYear.of(today).months[0].end + dt.timedelta(days=10)  # 10 Nov: October is 5 days overdue
    cards = reminder_cards(chiangmai_staff, later)
    assert cards and "เลยกำหนด 5 วัน" in cards[0].items[0][0]
    before = FiscalYear.of(today).months[0].end + dt.timedelta(days=2)  # 2 Nov: due in 3 days
    assert "ครบกำหนดใน 3 วัน" in reminder_cards(chiangmai_staff, before)[0].items[0][0]
    client.force_login(chiangmai_staff)
    assert client.get("/").status_code == 200


def test_api_reports_the_grid_and_rounds(client, make_user, plan_2565, report, seed_project):
    report(plan_2565, 1, D(2021, 11, 6), 10, 1000)
    client.force_login(make_user(Role.POLICY_STAFF))
    data = client.get("/api/v1/projects/reporting/?fiscal_year=2565").json()
    chiang_mai = next(p for p in data["provinces"] if p["unit_code"] == "PLO-50")
    assert chiang_mai["months"][:2] == ["late", "missing"]
    assert chiang_mai["round_1_level"] == 1  # plan on time, reports not
    assert data["due_dates"][5] == "2022-03-30"
    assert len(data["provinces"]) == 76
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    projects = client.get("/api/v1/projects/projects/?fiscal_year=2564").json()
    assert projects == [
        {
            "id": seed_project.pk,
            "code": "24000000-3029",
            "name": seed_project.name,
            "owner_unit": "2400",
            "fiscal_year": 2564,
            "progress": "100.00",
            "latest_report": "2021-08-30",
        }
    ]


def test_home_cards_for_the_assessor_and_the_owner_unit(client, make_user):
    from django.utils import timezone

    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.projects.home import assessment_cards, stale_project_cards

    fy = FiscalYear.current()
    unit = OrgUnit.objects.get(code="2400")
    project = Project.objects.create(code="P-1", name="โครงการ", owner_unit=unit, fiscal_year=fy.be)
    sps = make_user(Role.DEPARTMENT_STAFF)
    today = timezone.localdate()
    assert stale_project_cards(sps, today)[0].figure == "1"
    project.progress_entries.create(reported_on=today, percent=5, work_done="x")
    assert stale_project_cards(sps, today) == []
    assessor = make_user(Role.ASSESSOR)
    second_quarter = fy.quarters[1].start
    cards = assessment_cards(assessor, second_quarter)
    assert cards[0].figure == "1" and cards[0].items[0][1].endswith("?q=1")
    project.assessments.create(quarter=1, score=100)
    assert assessment_cards(assessor, second_quarter) == []
    client.force_login(assessor)
    assert client.get("/").status_code == 200


def test_a_due_date_override_outside_the_fiscal_year_is_refused():
    from django.core.exceptions import ValidationError

    from nokrabob.projects.models import DueDateOverride

    with pytest.raises(ValidationError) as caught:
        DueDateOverride(fiscal_year=2565, month=12, due_date=D(2022, 10, 5)).full_clean()
    assert "นอกปีงบประมาณ 2565" in str(caught.value.message_dict["due_date"])
    with pytest.raises(ValidationError) as caught:
        DueDateOverride(fiscal_year=2565, month=2, due_date=D(2021, 10, 31)).full_clean()
    assert "ไม่ก่อนวันแรกของเดือน" in str(caught.value.message_dict["due_date"])
    DueDateOverride(fiscal_year=2565, month=2, due_date=D(2021, 12, 8)).full_clean()


def test_the_provincial_network_lands_on_action_plans(client, make_user):
    client.force_login(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50"))
    assert client.get(reverse("projects:project_list")).url == reverse("projects:plan_list")
    client.force_login(make_user(Role.DISTRICT_STAFF))
    assert client.get(reverse("projects:project_list")).status_code == 200


def test_policy_home_card_shows_the_reporting_rate(make_user):
    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.projects.home import rate_cards

    fy = FiscalYear(2565)
    admin = make_user(Role.ADMIN)
    plan = plan_services.plan_create(
        actor=admin, unit=OrgUnit.objects.get(code="PLO-50"), fiscal_year=2565, recorded_on=fy.start
    )
    plan_services.monthly_report_submit(
        actor=admin,
        plan=plan,
        month=1,
        people_served=5,
        budget_disbursed=Decimal(0),
        submitted_at=dt.datetime(2021, 11, 6, 9, tzinfo=dt.UTC),
    )
    card = rate_cards(make_user(Role.POLICY_STAFF), D(2021, 11, 20))[0]
    assert card.figure == "1.3%"  # 1 of 76 provinces reported October
    assert "ล่าช้า 1" in card.body and "ไม่ได้รายงาน 75" in card.body


def test_gantt_labels_show_each_steps_completion(client, make_user, seed_project):
    seed_project.steps.filter(number=1).update(percent_complete=100)
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = text(client.get(reverse("projects:project_detail", args=[seed_project.pk])))
    assert "เสร็จ 100%</span>" in page and "%%" not in page


def test_round_tables_can_be_stored_for_another_year():
    from nokrabob.projects.models import RoundCriterion

    out = io.StringIO()
    call_command("load_project_seeds", "--round-tables-year", "2570", stdout=out)
    assert "round tables FY 2570: 10 levels" in out.getvalue()
    assert RoundCriterion.objects.filter(fiscal_year=2570, round=2, level=5, budget_pct_min=100).exists()


def test_editing_a_project_through_its_form(client, make_user, seed_project):
    from nokrabob.audit.models import AuditEvent

    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    url = reverse("projects:project_edit", args=[seed_project.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "indicators"}
    data |= {"owner_unit": seed_project.owner_unit_id, "budget": "500000", "progress_mode": "entered"}
    data["strategy_node"] = seed_project.strategy_node_id or ""
    assert client.post(url, data).status_code == 302
    seed_project.refresh_from_db()
    assert seed_project.budget == 500000
    event = AuditEvent.objects.filter(action="update", target_id=str(seed_project.pk)).latest("id")
    assert event.changes["budget"] == ["0.00", "500000"]
    data["fiscal_year"] = 2565  # the steps lie in 2564
    response = client.post(url, data)
    assert "เปลี่ยนปีงบประมาณไม่ได้" in text(response)
    client.force_login(make_user(Role.DISTRICT_STAFF))
    assert client.get(url).status_code == 403


def test_one_progress_figure_says_how_it_was_obtained(client, make_user, seed_project):
    """Seed 002 scores progress as entered (100 %); the steps' weighted figure is only a detail line."""
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    response = client.get(reverse("projects:project_detail", args=[seed_project.pk]))
    p = response.context["p"]
    assert p.progress == Decimal("100")
    assert p.progress_how == "ตามที่รายงานในบันทึกความคืบหน้าล่าสุด"
    assert p.progress_other_how == "คำนวณจากขั้นตอนตามน้ำหนัก" and p.progress_other != p.progress
    page = text(response)
    assert "ได้จาก: ตามที่รายงานในบันทึกความคืบหน้าล่าสุด" in page
    assert "รายละเอียด: คำนวณจากขั้นตอนตามน้ำหนัก" in page
    assert "ผลจริง" not in page  # the chart names its line after where it comes from
    seed_project.progress_mode = "steps"
    seed_project.save()
    p = client.get(reverse("projects:project_detail", args=[seed_project.pk])).context["p"]
    assert (p.progress_how, p.progress_other) == ("คำนวณจากขั้นตอนตามน้ำหนัก", Decimal("100"))


def test_a_bangkok_role_with_no_provinces_is_told_what_the_grid_is_for(client, make_user):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = text(client.get(reverse("projects:reporting_grid")))
    assert 'data-testid="no-provinces"' in page and reverse("projects:project_list") in page
    assert "-%" not in page and 'data-testid="reporting-grid"' not in page


def test_the_project_page_names_its_strategy_once_and_an_unknown_budget_as_unknown(
    client, make_user, seed_project
):
    from nokrabob.performance.models import StrategyNode

    node = StrategyNode.objects.create(
        kind="tactic", code="3.2.2.1", title="พัฒนาโรงเรียนฝึกอาชีพกรุงเทพมหานคร ศูนย์ฝึกอาชีพ และการจัดฝึกอาชีพ"
    )
    Project.objects.filter(pk=seed_project.pk).update(strategy_node=node, budget=0)
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = text(client.get(reverse("projects:project_detail", args=[seed_project.pk])))
    assert page.count("พัฒนาโรงเรียนฝึกอาชีพกรุงเทพมหานคร") == 1
    assert "มหานครสำหรับทุกคน" in page  # the rest of the strategy text stays
    budget = page.split('data-testid="budget">')[1].split("</dd>")[0]
    assert "ไม่ได้ระบุจำนวนเงิน" in budget and "0.00" not in budget


def test_a_one_day_step_is_drawn_as_a_milestone_mark(client, make_user, seed_project):
    first = seed_project.steps.get(number=1)
    PlanStep.objects.filter(pk=first.pk).update(planned_end=first.planned_start + dt.timedelta(days=60))
    for step in seed_project.steps.exclude(pk=first.pk):
        PlanStep.objects.filter(pk=step.pk).update(planned_end=step.planned_start)
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = text(client.get(reverse("projects:project_detail", args=[seed_project.pk])))
    one_day = seed_project.steps.count() - 1
    assert page.count('data-testid="gantt-milestone"') == one_day
    assert page.count("(หลักไมล์)") == one_day
    assert page.count('class="bar planned"') == 1


def test_the_project_prints_with_its_steps_chart_indicator_quarters_and_log(
    client, make_user, seed_project, tmp_path
):
    """Seed 002's "พิมพ์ข้อมูล": the project page as a signed PDF in Sarabun."""
    import shutil
    import subprocess

    from nokrabob.performance.seeds import load_seeds
    from nokrabob.projects.fixtures import link_seed_indicator

    load_seeds()  # indicator 2400-1065, which the project supports
    link_seed_indicator(seed_project)
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = text(client.get(reverse("projects:project_detail", args=[seed_project.pk])))
    assert reverse("projects:project_pdf", args=[seed_project.pk]) in page and "พิมพ์ข้อมูล" in page
    assert "** " not in page and "ความถนัด%" not in page  # the seed page's stray characters
    response = client.get(reverse("projects:project_pdf", args=[seed_project.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / "project.pdf"
    out.write_bytes(response.content)
    shutil.copy(out, "/tmp/prints-project.pdf")
    pdf = re.sub(
        r"\s+",
        " ",
        subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout,
    )
    # pdftotext reads Sarabun's sara am (ำ) as sara aa (า): compare without the difference.
    pdf = pdf.replace("ำ", "า")
    assert "24000000-3029" in pdf and "รายงานความก้าวหน้าโครงการ" in pdf
    assert "วางแผนการดาเนิน" in pdf and "รวบรวมแบบสอบถาม" in pdf  # the steps
    assert "ตามบันทึกความคืบหน้า" in pdf  # the chart's legend
    indicator = seed_project.indicators.get()
    assert f"{indicator.code} " in pdf and "เป้าหมายสะสม" in pdf and "100 / 100" in pdf  # its quarter table
    assert "(10) ความคืบหน้าโครงการฯ ร้อยละ 10.00" in pdf and "25/11/2563" in pdf  # the log, oldest entry
    assert "ลงชื่อ" in pdf and "ตาแหน่ง" in pdf
