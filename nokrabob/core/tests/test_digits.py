"""The Thai-digit option is one rule over the finished page and PDF (``core.digits``): every number a person
reads turns Thai, what a machine reads (links, form values, scripts) stays as it was."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.core.digits import thai_digits_in_html
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.preferences import DIGITS_COOKIE
from nokrabob.performance.models import Indicator, PerformanceAgreement
from nokrabob.performance.seeds import load_seeds
from nokrabob.projects.models import ActionPlan, Project
from nokrabob.registry.models import Person

ARABIC = re.compile(r"[0-9]")


def test_text_turns_thai_and_what_machines_read_stays():
    html = (
        '<p class="c2" title="ปี 2567">ร้อยละ 45.5 ของ 1,234 คน &#39;a&#39; &amp; 3</p>'
        '<a href="/x/12/">ข้อ 7</a><input value="2567" placeholder="25/11/2563">'
        "<script>var n = 10;</script><style>.a{width:10px}</style><textarea>99</textarea>"
        '<svg viewBox="0 0 10 10"><text x="3" y="4">25%</text></svg>'
        '<span data-digits="arabic">1<b>2</b>3</span> 4 <code>0812345678</code><br/>5<!-- 6 -->'
    )
    assert thai_digits_in_html(html) == (
        '<p class="c2" title="ปี ๒๕๖๗">ร้อยละ ๔๕.๕ ของ ๑,๒๓๔ คน &#39;a&#39; &amp; ๓</p>'
        '<a href="/x/12/">ข้อ ๗</a><input value="2567" placeholder="๒๕/๑๑/๒๕๖๓">'
        "<script>var n = 10;</script><style>.a{width:10px}</style><textarea>99</textarea>"
        '<svg viewBox="0 0 10 10"><text x="3" y="4">๒๕%</text></svg>'
        '<span data-digits="arabic">1<b>2</b>3</span> ๔ <code>0812345678</code><br/>๕<!-- 6 -->'
    )


class _VisibleText(HTMLParser):
    """The text a person reads: what ``core.digits`` converts (element text, placeholder and title)."""

    SKIP = {"script", "style", "textarea", "code", "pre", "kbd", "samp"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if not self._skipping():
            self.parts += [
                found[a] or "" for a in ("placeholder", "title", "alt", "aria-label") if a in found
            ]
        if tag not in {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area", "base"}:
            self.stack.append((tag, tag in self.SKIP or found.get("data-digits") == "arabic"))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def world(db, org_units, make_user):  # type: ignore[no-untyped-def]
    load_seeds()
    call_command("load_project_seeds", stdout=io.StringIO())
    fy = FiscalYear.current().be
    plan = ActionPlan.objects.create(
        unit=OrgUnit.objects.get(code="2400"),
        fiscal_year=fy,
        title="แผน 2 กิจกรรม",
        recorded_on=dt.date.today(),
    )
    person = Person.objects.create(
        first_name="สมชาย",
        last_name="ทดสอบ",
        national_id="1101700203451",
        phone="0812345678",
        birth_date=dt.date(1980, 5, 17),
        monthly_income=Decimal("12500.50"),
        district_code="1001",
        province_code="10",
    )
    return {"plan": plan, "person": person, "user": make_user(Role.DEPARTMENT_STAFF, unit_code="2400")}


def _pages(world: dict) -> list[str]:  # type: ignore[type-arg]
    indicator = Indicator.objects.get(fiscal_year=2564, code="2400-1065")
    agreement = PerformanceAgreement.objects.get(fiscal_year=2567)
    project = Project.objects.get(code="24000000-3029")
    return [
        reverse("core:home"),
        reverse("registry:person_list"),
        reverse("registry:person_detail", args=[world["person"].pk]),
        reverse("performance:indicator_list") + "?fy=2564",
        reverse("performance:indicator_detail", args=[indicator.pk]),
        reverse("performance:agreement_summary", args=[agreement.pk]),
        reverse("performance:strategy_map"),
        reverse("projects:project_list") + "?fy=2564",
        reverse("projects:project_detail", args=[project.pk]),
        reverse("projects:plan_list"),
        reverse("projects:plan_detail", args=[world["plan"].pk]),
        reverse("projects:reporting_grid"),
        reverse("reports:dashboard"),
        reverse("reminders:my_deadlines"),
        reverse("collection:campaign_list"),
    ]


def test_no_arabic_digit_is_shown_on_the_main_pages_with_the_option_on(client, world):
    client.force_login(world["user"])
    client.cookies[DIGITS_COOKIE] = "thai"
    found = {}
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert re.search("[๐-๙]", text), url  # numbers are there, in Thai: the check can fail
        if ARABIC.search(text):
            found[url] = re.findall(r"\S*[0-9]\S*", text)[:5]
    assert found == {}
    client.cookies[DIGITS_COOKIE] = "arabic"
    page = client.get(reverse("registry:person_detail", args=[world["person"].pk])).content.decode()
    shown = visible_text(page).replace("๑๒๓", "")  # the switch's own label
    assert "2562" in shown and not re.search("[๐-๙]", shown)  # the option off: Arabic as before


@pytest.mark.parametrize("which", ["indicator", "project", "agreement"])
def test_no_arabic_digit_in_the_pdfs_with_the_option_on(client, world, which, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    url = {
        "indicator": lambda: reverse(
            "performance:indicator_pdf", args=[Indicator.objects.get(fiscal_year=2564, code="2400-1065").pk]
        ),
        "project": lambda: reverse(
            "projects:project_pdf", args=[Project.objects.get(code="24000000-3029").pk]
        ),
        "agreement": lambda: reverse(
            "performance:agreement_pdf", args=[PerformanceAgreement.objects.get(fiscal_year=2567).pk]
        ),
    }[which]()
    client.force_login(world["user"])
    client.cookies[DIGITS_COOKIE] = "thai"
    out = tmp_path / f"{which}.pdf"
    out.write_bytes(client.get(url).content)
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search("[๐-๙]", text)
    assert re.findall(r"\S*[0-9]\S*", text) == []
