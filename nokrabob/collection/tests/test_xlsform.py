"""XLSForm in and out: a workbook written as KoBo/ODK users write it loads, exports and loads back."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from nokrabob.collection.models import Question
from nokrabob.collection.services import campaign_load_questions
from nokrabob.collection.xlsform import export_xlsform, parse_xlsform
from nokrabob.core.errors import DomainError

pytestmark = pytest.mark.django_db


def workbook(survey, choices=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        other = book.create_sheet("choices")
        for row in choices:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


KOBO = workbook(
    [
        [
            "type",
            "name",
            "label::Thai (th)",
            "hint",
            "required",
            "constraint",
            "constraint_message",
            "relevant",
        ],
        ["integer", "age_started", "เริ่มทำงานเมื่ออายุ", "ปี", "yes", ". >= 15 and . <= 100", "อายุ 15–100 ปี", ""],
        ["decimal", "debt", "หนี้สินรวม (บาท)", "", "", ". >= 0", "", ""],
        ["date", "joined", "วันที่เข้าร่วมกลุ่ม", "", "", "", "", ""],
        ["text", "stand", "ชื่อวิน", "", "", "", "", ""],
        ["select_one yes_no", "has_loan", "มีเงินกู้หรือไม่", "", "true", "", "", ""],
        ["select_multiple  sources", "loan_from", "กู้จากที่ใด", "", "", "", "", "${has_loan} = 'yes'"],
    ],
    [
        ["list_name", "name", "label::Thai (th)"],
        ["yes_no", "yes", "ใช่"],
        ["yes_no", "no", "ไม่ใช่"],
        ["sources", "bank", "ธนาคาร"],
        ["sources", "pawnshop", "สถานธนานุบาล"],
        ["sources", "fund", "กองทุนชุมชน"],
    ],
)


def _shape(campaign):
    questions = [
        (
            q.position,
            q.name,
            q.label,
            q.hint,
            q.type,
            q.list_name,
            q.required,
            q.constraint,
            q.constraint_message,
            q.relevant,
        )
        for q in campaign.questions.order_by("position")
    ]
    choices = sorted((c.list_name, c.name, c.label) for c in campaign.choices.all())
    return questions, choices


def test_a_kobo_style_workbook_loads_and_round_trips(campaign, django_user_model):
    form = parse_xlsform(KOBO)
    assert [q.type for q in form.questions] == [
        "integer",
        "decimal",
        "date",
        "text",
        "select_one",
        "select_multiple",
    ]
    assert form.questions[0].required and form.questions[4].required and not form.questions[1].required
    assert form.questions[5].list_name == "sources"
    campaign.submissions.all().delete()
    campaign_load_questions(actor=None, campaign=campaign, form=form)
    before = _shape(campaign)
    assert len(before[0]) == 6 and len(before[1]) == 5

    exported = export_xlsform(campaign)
    book = load_workbook(io.BytesIO(exported))
    assert book.sheetnames == ["survey", "choices", "settings"]
    assert book["survey"]["A7"].value == "select_multiple sources"

    campaign_load_questions(actor=None, campaign=campaign, form=parse_xlsform(exported))
    assert _shape(campaign) == before


@pytest.mark.parametrize(
    ("survey", "message"),
    [
        ([["type", "name", "label"], ["geopoint", "where", "ที่ไหน"]], "แถวที่ 2: ไม่รองรับชนิดคำถาม"),
        ([["type", "name", "label"], ["select_one colours", "c", "สี"]], "ไม่พบชุดตัวเลือก"),
        ([["type", "name", "label"], ["text", "first_name", "ชื่อ"]], "ซ้ำกับข้อมูลหลัก"),
        ([["type", "name", "label"], ["text", "ชื่อ", "ชื่อ"]], "อักษรอังกฤษ"),
        ([["type", "name", "label", "constraint"], ["integer", "n", "จำนวน", "__import__('os')"]], "ไม่รองรับ"),
        (
            [
                ["type", "name", "label", "relevant"],
                ["text", "a", "ก", "${later} = 'x'"],
                ["text", "later", "ข"],
            ],
            "ต้องอยู่ก่อนหน้า",
        ),
        ([["type", "name", "label"], ["text", "a", "ก"], ["text", "a", "ข"]], "ซ้ำกัน"),
    ],
)
def test_a_bad_workbook_is_refused_with_the_row(survey, message):
    with pytest.raises(DomainError) as caught:
        parse_xlsform(workbook(survey, [["list_name", "name", "label"], ["yes_no", "yes", "ใช่"]]))
    assert message in caught.value.message


def test_not_a_workbook_is_refused():
    with pytest.raises(DomainError, match="เปิดไฟล์ไม่ได้"):
        parse_xlsform(b"not a zip")


def test_import_and_export_through_the_pages(client, campaign, admin_user_):
    client.force_login(admin_user_)
    campaign.submissions.all().delete()
    upload = io.BytesIO(KOBO)
    upload.name = "kobo.xlsx"
    response = client.post(
        reverse("collection:questions_import", args=[campaign.pk]), {"file": upload}, follow=True
    )
    assert "นำเข้าคำถาม 6 ข้อแล้ว" in response.content.decode()
    assert Question.objects.filter(campaign=campaign).count() == 6
    exported = client.get(reverse("collection:questions_export", args=[campaign.pk]))
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    assert parse_xlsform(exported.content).questions[0].name == "age_started"

    bad = io.BytesIO(b"junk")
    bad.name = "x.csv"
    response = client.post(reverse("collection:questions_import", args=[campaign.pk]), {"file": bad})
    assert response.status_code == 400 and "รองรับเฉพาะไฟล์ .xlsx" in response.content.decode()


def test_questions_cannot_change_once_people_have_answered(client, district):
    from nokrabob.collection.tests.conftest import form_data

    client.post(reverse("collection:public_form", args=[district.token]), form_data())
    with pytest.raises(DomainError, match="มีผู้ส่งข้อมูลแล้ว"):
        campaign_load_questions(actor=None, campaign=district.campaign, form=parse_xlsform(KOBO))


# ── limits: a huge or booby-trapped workbook is refused quickly, with the reason ─────────────────


def test_a_sheet_with_too_many_rows_is_refused_before_it_is_read(settings, monkeypatch):
    """300,000 rows took 13 s to read whole; the sheet's declared size now refuses it at once."""
    settings.COLLECTION_XLSFORM_MAX_ROWS = 50
    survey = [["type", "name", "label"], ["text", "a", "ก"]] + [["", "", ""]] * 10 + [["text", "b", "ข"]] * 50
    data = workbook(survey)
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", lambda *a, **k: pytest.fail("rows were read"))
    with pytest.raises(DomainError, match="แผ่นงาน survey มีเกิน 50 แถว"):
        parse_xlsform(data)


def test_rows_are_counted_while_reading_when_the_sheet_does_not_declare_its_size(settings):
    settings.COLLECTION_XLSFORM_MAX_ROWS = 50
    rows = [["list_name", "name", "label"]] + [["l", f"c{i}", f"ตัวเลือก {i}"] for i in range(60)]
    data = _without_dimension(workbook([["type", "name", "label"], ["text", "a", "ก"]], rows))
    with pytest.raises(DomainError, match="แผ่นงาน choices มีเกิน 50 แถว"):
        parse_xlsform(data)
    settings.COLLECTION_XLSFORM_MAX_ROWS = 100
    assert len(parse_xlsform(data).choices) == 60


def _without_dimension(data: bytes) -> bytes:
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(item, content)
    return out.getvalue()


def test_a_workbook_that_expands_too_far_is_refused_before_it_is_opened(settings, monkeypatch):
    import zipfile

    from openpyxl.reader.excel import ExcelReader

    monkeypatch.setattr(ExcelReader, "read", lambda self: pytest.fail("the workbook was opened"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(KOBO)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/padding.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    with pytest.raises(DomainError, match="ขยายตัวได้ผิดปกติ"):
        parse_xlsform(out.getvalue())
    settings.IMPORTS_XLSX_MAX_RATIO = 10**6
    with pytest.raises(DomainError, match="เมื่อขยายแล้วมีขนาด 30 MB เกินกว่าที่รับได้ 20 MB"):
        parse_xlsform(out.getvalue())


def test_the_upload_size_limit_is_a_setting(client, campaign, admin_user_, settings):
    settings.COLLECTION_XLSFORM_MAX_BYTES = 1024
    client.force_login(admin_user_)
    campaign.submissions.all().delete()
    before = list(campaign.questions.values_list("name", flat=True))
    upload = io.BytesIO(KOBO)
    upload.name = "kobo.xlsx"
    response = client.post(reverse("collection:questions_import", args=[campaign.pk]), {"file": upload})
    assert response.status_code == 400 and "ไฟล์ XLSForm ใหญ่เกิน 1 KB" in response.content.decode()
    assert list(campaign.questions.values_list("name", flat=True)) == before


def test_control_characters_are_removed_from_labels():
    data = workbook([["type", "name", "label"], ["text", "stand", "ชื่อ\x85วิน\x9b"]])
    assert parse_xlsform(data).questions[0].label == "ชื่อ วิน"
