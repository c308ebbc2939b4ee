"""Formula strings that the app accepts come out of its files inert.

A text that a spreadsheet would run (``=cmd|' /C calc'!A0``, ``+1+1``, ``@SUM(…)``, ``-2+3``, a leading tab
or carriage return) may be a person's data: the forms take it as typed. Every file that carries such
text back out is checked here through the page that makes it:

- the registry export (CSV and XLSX): a cell that starts like a formula gets a leading apostrophe
  (``imports.exports.neutralise``);
- an import's error report (CSV and XLSX): the rejected rows' own cells, the same rule;
- the XLSForm export of a campaign: question labels and the campaign's name stay text cells, never
  formulas (``core.xlsx.as_text_cells``), so the file still round-trips;
- the audit trail's reports (XLSX): an export's stated purpose is written as text.

In an XLSX the test also asks that no cell is a formula at all.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from nokrabob.collection.services import campaign_create
from nokrabob.imports.models import ExportJob, ImportBatch
from tests.fuzz.conftest import PROFILE, rolled_back
from tests.fuzz.inventory import _person
from tests.fuzz.strategies import FORMULAS, MULTIPART, csv_bytes, multipart, xlsform_bytes

pytestmark = pytest.mark.django_db

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
one_line = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20)
formula_text = st.one_of(
    st.sampled_from(
        [f for f in FORMULAS if f.lstrip(" ")[:1] in DANGEROUS and "\t" not in f and "\r" not in f]
    ),
    st.builds(lambda head, tail: head + tail, st.sampled_from(("=", "+", "-", "@")), one_line),
)
TEXT_FIELDS = ("first_name", "last_name", "house_no", "soi", "road")


def _content(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes) -> list[Any]:
    """Every cell of every sheet (openpyxl's objects), read as written (formulas stay formulas)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_inert_csv(cells: list[str]) -> None:
    live = [c for c in cells if c.startswith(DANGEROUS)]
    assert not live, f"cells a spreadsheet would run: {live[:5]}"


def assert_inert_xlsx(cells: list[Any], *, apostrophe: bool) -> None:
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas, f"formula cells: {formulas[:5]}"
    if apostrophe:
        live = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(DANGEROUS)]
        assert not live, f"cells a spreadsheet would run once saved as CSV: {live[:5]}"


@PROFILE
@given(values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, formula_text)))
def test_formulas_typed_into_a_person_are_inert_in_the_registry_export(client, fuzz_world, values):
    with rolled_back():
        client.force_login(fuzz_world.user("d1001"))
        post = {
            **_person(fuzz_world),
            **values,
            "national_id": "",
            "phone": "",
            "lawful_basis": "public_task",
            "consent_channel": "staff",
            "action": "create_anyway",
        }
        created = client.post(reverse("registry:person_create"), post)
        assume(created.status_code == 302)  # a value a field refuses (too long, say) is not exported
        for file_format in ("csv", "xlsx"):
            response = client.post(
                reverse("imports:export"),
                {
                    "columns": ["national_id", *TEXT_FIELDS],
                    "file_format": file_format,
                    "purpose": "ตรวจสอบการส่งออกรายชื่อ",
                },
            )
            assert response.status_code == 302, response.status_code
            job = ExportJob.objects.latest("pk")
            content = _content(client.get(reverse("imports:export_download", args=[job.pk])))
            if file_format == "csv":
                cells = csv_cells(content)
                assert_inert_csv(cells)
            else:
                sheet_cells = xlsx_cells(content)
                assert_inert_xlsx(sheet_cells, apostrophe=True)
                cells = [str(c.value) for c in sheet_cells if c.value is not None]
            for value in values.values():  # the person is in the file, each value behind its apostrophe
                assert "'" + value.strip() in cells or "'" + value in cells, (value, file_format)


@PROFILE
@given(cells=st.lists(formula_text, min_size=3, max_size=3))
def test_formulas_in_rejected_rows_are_inert_in_the_error_report(
    client, fuzz_world, cells, django_capture_on_commit_callbacks
):
    with rolled_back():
        client.force_login(fuzz_world.user("d1001"))
        header = ["ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "เขต"]
        content = csv_bytes([header, [*cells[:2], "1234" + cells[2], "พระนคร"], [*cells, "พระนคร"]])
        response = client.generic(
            "POST", reverse("imports:upload"), multipart({}, {"file": ("list.csv", content)}), MULTIPART
        )
        assert response.status_code == 302, response.status_code
        batch = ImportBatch.objects.latest("pk")
        mapping = {f"col_{target}": str(index) for target, index in batch.mapping.items()}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("imports:mapping", args=[batch.pk]), {**mapping, "dry_run": "1"})
        assert response.status_code == 302, response.status_code
        batch.refresh_from_db()
        assert batch.rows_rejected >= 1, (batch.status, batch.rows_rejected)
        report = _content(client.get(reverse("imports:error_report", args=[batch.pk, "csv"])))
        assert_inert_csv(csv_cells(report))
        workbook = _content(client.get(reverse("imports:error_report", args=[batch.pk, "xlsx"])))
        assert_inert_xlsx(xlsx_cells(workbook), apostrophe=True)


@PROFILE
@given(labels=st.lists(formula_text, min_size=1, max_size=3), name=formula_text)
def test_formula_labels_and_names_stay_text_in_the_xlsform_export(client, fuzz_world, labels, name):
    with rolled_back():
        campaign = campaign_create(  # a campaign nobody has answered yet: its questions may be replaced
            actor=None,
            fields={
                "name": "สำรวจคำถามใหม่",
                "fiscal_year": fuzz_world.base.campaign.fiscal_year,
                "opens_on": fuzz_world.base.campaign.opens_on,
                "closes_on": fuzz_world.base.campaign.closes_on,
                "owner_unit": fuzz_world.base.campaign.owner_unit,
            },
            occupations=[],
            targets={"1001": 1},
        )
        client.force_login(fuzz_world.user("dept"))
        upload = multipart({}, {"file": ("form.xlsx", xlsform_bytes(labels))})
        response = client.generic(
            "POST", reverse("collection:questions_import", args=[campaign.pk]), upload, MULTIPART
        )
        assume(response.status_code == 302)  # labels the XLSForm reader refuses (empty, too long)
        campaign.name = name
        campaign.save(update_fields=["name"])
        exported = xlsx_cells(
            _content(client.get(reverse("collection:questions_export", args=[campaign.pk])))
        )
        assert_inert_xlsx(exported, apostrophe=False)
        texts = {c.value for c in exported}
        assert {label.strip() for label in labels} <= texts and name in texts  # the file round-trips


def test_a_formula_given_as_an_export_purpose_is_text_in_the_audit_report(client, fuzz_world):
    purpose = "=cmd|' /C calc'!A0 ส่งรายชื่อให้สำนักงาน"
    with rolled_back():
        client.force_login(fuzz_world.user("d1001"))
        response = client.post(
            reverse("imports:export"), {"columns": ["first_name"], "file_format": "csv", "purpose": purpose}
        )
        assert response.status_code == 302
        client.force_login(fuzz_world.user("admin"))
        report = client.get(reverse("audit:breach"), {"actor": "sweep-d1001", "format": "xlsx"})
        cells = xlsx_cells(_content(report))
        assert_inert_xlsx(cells, apostrophe=False)
        assert any(purpose in str(c.value) for c in cells)
