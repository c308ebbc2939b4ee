"""An uploaded list that the upload accepts is then mapped and loaded: the hostile rows inside it (formulas,
impossible dates, Thai digits, 100,000-character cells, NUL, text where numbers are due) go through the
whole import run (as a dry run) and the One Map loads, and every page of the batch answers.

Never a server error, and the task run by the queue never raises: a bad row is a rejected row with a Thai
reason, a bad file a failed batch."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from nokrabob.imports.models import ImportBatch
from tests.fuzz.conftest import PROFILE, rolled_back
from tests.fuzz.strategies import (
    DATES,
    FORMULAS,
    LONG,
    MULTIPART,
    NUMBERS,
    ODD_TEXT,
    THAI_NUMBERS,
    FileRecipe,
    multipart,
    spoils,
    texts,
    urlencoded,
)

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"

IMPORT_HEADER = ("ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด", "เขต", "โทรศัพท์", "อาชีพ", "สวัสดิการ")
COMMUNITY_HEADER = ("รหัสชุมชน", "ชื่อชุมชน", "เขต", "แขวง", "ประเภทชุมชน", "จำนวนครัวเรือน")
HOUSEHOLD_HEADER = (
    "รหัสชุมชน", "บ้านเลขที่", "ลักษณะอาคาร", "อาศัยมาแล้วปี", "ละติจูด", "ลองจิจูด", "เจ้าของที่ดิน",
    "ความยินยอม", "ชื่อสมาชิก", "ความสัมพันธ์", "อายุ", "การศึกษา", "อาชีพ", "ความพิการ", "ผู้ป่วยติดเตียง",
)  # fmt: skip

cell = st.one_of(
    st.sampled_from(("สมชาย", "ใจดี", "พระนคร", "1001", "SWEEP-1001", "1101700123451", "0812345678", "ใช่")),
    st.sampled_from(FORMULAS + DATES + NUMBERS + THAI_NUMBERS + ODD_TEXT),
    st.sampled_from(LONG[:2]),
    texts,
)
rows = st.lists(st.lists(cell, min_size=1, max_size=16).map(tuple), min_size=1, max_size=4).map(tuple)
lists = st.builds(
    FileRecipe,
    kind=st.sampled_from(
        ("utf8bom", "cp874", "utf16", "formulas_csv", "formulas_xlsx", "nul_csv", "xlsx_as_csv")
    ),
    rows=rows,
)


def _ok(response: Any) -> Any:
    assert response.status_code < 500, response.status_code
    return response


@PROFILE
@given(upload=lists, spoil=spoils())
def test_an_accepted_list_maps_and_runs_without_failing(
    client, fuzz_world, upload, spoil, django_capture_on_commit_callbacks
):
    with rolled_back():
        client.force_login(fuzz_world.user("d1001"))
        name, content = upload.build(IMPORT_HEADER)
        body = multipart({"source_name": "ทดสอบ"}, {"file": (name, content)})
        if _ok(client.generic("POST", reverse("imports:upload"), body, MULTIPART)).status_code != 302:
            return  # refused at the door: tests/fuzz/test_uploads.py covers that
        batch = ImportBatch.objects.latest("pk")
        page = _ok(client.get(reverse("imports:mapping", args=[batch.pk])))
        mapping = {
            name: str(value)
            for name, value in page.context["form"].initial.items()
            if name.startswith("col_")
        }
        mapping |= {"col_first_name": "0", "col_last_name": "1", "col_national_id": "2", "col_district": "4"}
        post = {**spoil.apply(mapping), "dry_run": "1"}
        with django_capture_on_commit_callbacks(execute=True):
            _ok(client.generic("POST", reverse("imports:mapping", args=[batch.pk]), urlencoded(post), FORM))
        for url in (
            reverse("imports:job_detail", args=[batch.pk]),
            reverse("imports:values", args=[batch.pk]),
            reverse("imports:error_report", args=[batch.pk, "csv"]),
            reverse("imports:error_report", args=[batch.pk, "xlsx"]),
        ):
            _ok(client.get(url))


@pytest.mark.parametrize(
    ("kind", "header"), [("communities", COMMUNITY_HEADER), ("households", HOUSEHOLD_HEADER)]
)
@PROFILE
@given(upload=lists, spoil=spoils())
def test_an_accepted_one_map_file_loads_all_rows_or_none(client, fuzz_world, kind, header, upload, spoil):
    from nokrabob.registry.models import Community, Household, HouseholdMember

    with rolled_back():
        client.force_login(fuzz_world.user("d1001"))
        name, content = upload.build(header)
        body = multipart({}, {"file": (name, content)})
        response = _ok(client.generic("POST", reverse("onemap:upload", args=[kind]), body, MULTIPART))
        if response.status_code != 302:
            return
        url = urlsplit(response["Location"]).path
        form = _ok(client.get(url)).context["form"]
        mapping = {name: str(field.initial or "") for name, field in form.fields.items()}
        before = (Community.objects.count(), Household.objects.count(), HouseholdMember.objects.count())
        response = _ok(client.generic("POST", url, urlencoded(spoil.apply(mapping)), FORM))
        after = (Community.objects.count(), Household.objects.count(), HouseholdMember.objects.count())
        if response.status_code != 302:  # refused, or rows with errors: nothing was loaded
            assert after == before
