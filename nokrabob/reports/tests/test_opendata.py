"""The open-data publication: files, metadata, and that no small count or personal field gets out."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.registry.models import Person
from nokrabob.reports import opendata
from nokrabob.reports.models import Publication
from nokrabob.reports.suppression import SUPPRESSED
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db

CATALOGUE_FIELDS = {
    "title",
    "description",
    "license",
    "update_frequency_unit",
    "update_frequency_value",
    "geo_coverage",
    "data_source",
    "data_format",
    "data_category",
    "created",
    "last_updated",
    "allow_harvest",
    "data_dictionary",
}


@pytest.fixture
def registry():
    # Phra Nakhon (1001): 8 women moto-taxi drivers aged 46, 5 of them in Section 40, and 2 vendors;
    # Pom Prap (1002): 6; Bang Kapi (1006): 3 people; Khon Kaen (40): 5 farmers; Chiang Mai (50): 1.
    n = 0
    for _ in range(6):
        n += 1
        add_person(n, "100201")
    for _ in range(5):
        n += 1
        add_person(n, "400101", occupation="farmer")
    for i in range(8):
        n += 1
        add_person(n, "100101", scheme="s40" if i < 5 else None, phone=f"08123456{n:02d}")
    for _ in range(2):
        n += 1
        add_person(n, "100102", occupation="street_vendor", sex="M")
    for _ in range(3):
        n += 1
        add_person(n, "100601", birth=dt.date(1950, 1, 1))
    add_person(n + 1, "500101", occupation="farmer", birth=None, sex="U")


def _csv_rows(directory):
    raw = (directory / opendata.CSV_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _cell(rows, measure="registered", area="TH", occ="_all", sex="_all", band="_all"):
    for row in rows:
        key = (row["measure"], row["area_code"], row["occupation_group"], row["sex"], row["age_band"])
        if key == (measure, area, occ, sex, band):
            return row["count"]
    return "0"


def test_the_command_writes_csv_json_and_metadata(registry, tmp_path):
    call_command("publish_open_data", str(tmp_path / "out"), stdout=io.StringIO())
    out = tmp_path / "out"
    rows = _csv_rows(out)
    assert list(rows[0]) == [name for name, _d, _k in opendata.COLUMNS]
    assert _cell(rows) == "25"  # everyone, hand-counted
    assert _cell(rows, area="10") == "19"
    assert _cell(rows, area="40") == SUPPRESSED  # 5 people, hidden so Chiang Mai's 1 cannot be derived
    assert _cell(rows, area="1001") == "10"
    assert _cell(rows, measure="s40", area="1001") == "5"
    assert _cell(rows, area="1006") == SUPPRESSED  # 3 people
    assert _cell(rows, area="50") == SUPPRESSED  # 1 person
    document = json.loads((out / opendata.JSON_NAME).read_text(encoding="utf-8"))
    assert len(document["rows"]) == len(rows)
    assert {r["count"] for r in document["rows"] if r["area_code"] == "1006"} == {SUPPRESSED}

    meta = json.loads((out / opendata.METADATA_NAME).read_text(encoding="utf-8"))
    assert set(meta) >= CATALOGUE_FIELDS
    assert {c["column"] for c in meta["data_dictionary"]} == set(rows[0])
    assert meta["data_format"] == ["CSV", "JSON"] and meta["allow_harvest"] == "yes"
    publication = Publication.objects.get()
    assert publication.trigger == "command" and publication.rows == len(rows)


def test_published_files_hold_no_count_from_one_to_four_and_no_personal_field(registry, tmp_path):
    call_command("publish_open_data", str(tmp_path), stdout=io.StringIO())
    rows = _csv_rows(tmp_path)
    for row in rows:
        assert row["count"] == SUPPRESSED or int(row["count"]) == 0 or int(row["count"]) >= 5, row
    document = json.loads((tmp_path / opendata.JSON_NAME).read_text(encoding="utf-8"))
    assert all(r["count"] == SUPPRESSED or r["count"] >= 5 for r in document["rows"])

    everything = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.iterdir() if p.is_file())
    checked = 0
    for person in Person.objects.all():
        for value in (person.national_id, person.first_name, person.last_name, person.phone):
            if value:
                assert value not in everything
                checked += 1
    assert checked > 3 * 25  # ID, names for everyone, and the phones given
    assert "ทดสอบข้อมูล" not in everything
    personal = {"national_id", "first_name", "last_name", "phone", "house_no", "birth_date", "address"}
    assert not personal & set(rows[0])


def test_no_published_relation_hides_exactly_one_cell(registry, tmp_path):
    """A row or column total never gives a hidden cell back: each hides none or two or more."""
    call_command("publish_open_data", str(tmp_path), stdout=io.StringIO())
    published = {
        (r["measure"], r["area_code"], r["occupation_group"], r["sex"], r["age_band"]): r["count"]
        for r in _csv_rows(tmp_path)
    }
    cube = opendata.build_cube()
    occupations = sorted({k[2] for k in cube.values if k[2] != opendata.ALL})
    bands = [b for b, _y, _o in opendata.AGE_BANDS] + [opendata.UNKNOWN_AGE]
    checked = 0
    for measure in cube.measure_names:
        cells = opendata.domain(measure, occupations, bands)
        for relation in opendata._relations(cells, occupations, bands):
            members = [relation.total, *relation.parts]
            hidden = sum(1 for key in members if published.get(key, "0") == SUPPRESSED)
            assert hidden != 1, relation.total
            checked += hidden > 0
    assert checked > 0  # the fixture does hide cells


def test_the_scheduled_task_publishes_into_the_configured_directory(registry, settings, tmp_path):
    from nokrabob.reports.tasks import publish_open_data_task

    settings.OPEN_DATA_DIR = tmp_path / "public"
    publish_open_data_task.call_local()
    assert (tmp_path / "public" / opendata.METADATA_NAME).exists()
    assert Publication.objects.get().trigger == "schedule"


def test_the_department_publishes_with_the_button_and_others_may_not(
    client, make_user, registry, settings, tmp_path
):
    settings.OPEN_DATA_DIR = tmp_path
    client.force_login(make_user(Role.DISTRICT_STAFF))
    assert client.post(reverse("reports:publish")).status_code == 403
    assert not Publication.objects.exists()

    staff = make_user(Role.DEPARTMENT_STAFF)
    client.force_login(staff)
    response = client.post(reverse("reports:publish"), follow=True)
    assert response.status_code == 200
    publication = Publication.objects.get()
    assert publication.trigger == "button" and publication.published_by == staff
    assert (tmp_path / opendata.CSV_NAME).exists()


def test_the_command_refuses_a_file_as_directory(tmp_path):
    from django.core.management.base import CommandError

    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(CommandError):
        call_command("publish_open_data", str(target), stdout=io.StringIO())


def test_the_public_page_needs_no_login_and_shows_only_published_values(client, registry, settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path
    empty = client.get(reverse("statistics:page"))
    assert empty.status_code == 200 and "ยังไม่มีการเผยแพร่ข้อมูล" in empty.content.decode()

    call_command("publish_open_data", str(tmp_path), stdout=io.StringIO())
    page = client.get(reverse("statistics:page")).content.decode()
    assert "<svg" in page and "area-1001" in page and "area-50" in page  # both maps
    assert "Royal Thai Survey Department" in page  # the boundaries' attribution
    assert 'data-testid="public-total">25<' in page
    assert '<td class="num">3</td>' not in page and '<td class="num">1</td>' not in page
    assert "ทดสอบข้อมูล" not in page

    download = client.get(reverse("statistics:file", args=[opendata.CSV_NAME]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\xef\xbb\xbf")
    assert client.get(reverse("statistics:file", args=["..%2Fsettings.py"])).status_code == 404
    assert client.get(reverse("statistics:file", args=["other.csv"])).status_code == 404
