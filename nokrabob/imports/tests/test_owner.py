"""A batch always has an owner whose office decides its scope; batches from before that rule (no creator, no
office) never break a page."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.imports.models import ImportBatch, ImportReviewItem, ImportRowError, ImportStatus
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db

ROWS = [
    [
        "1",
        make_national_id("110170020345"),
        "นายสมชาย ใจดี",
        "",
        "05/01/2510",
        "0812345678",
        "1",
        "แขวงคลองจั่น",
        "เขตบางกะปิ",
        "กรุงเทพมหานคร",
        "วินมอเตอร์ไซค์",
        "ม.40",
        "",
    ],
    [
        "2",
        make_national_id("110170020346"),
        "นางสมศรี ใจดี",
        "",
        "05/01/2511",
        "0812345678",
        "1",
        "",
        "เขตพระนคร",
        "กรุงเทพมหานคร",
        "",
        "",
        "",
    ],
    ["3", "1234", "นายผิด พลาด", "", "05/01/2511", "", "", "", "เขตบางกะปิ", "กรุงเทพมหานคร", "", "", ""],
]


def import_from_command_line(path, *owner: str) -> None:  # type: ignore[no-untyped-def]
    call_command("import_workers", str(path), *owner, "--no-progress", "--workers", "0", stdout=io.StringIO())


def test_the_command_says_clearly_that_an_owner_is_needed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "a.csv", ROWS)
    with pytest.raises(CommandError, match="--user") as raised:
        call_command("import_workers", str(path), "--no-progress", stdout=io.StringIO())
    assert "--unit" in str(raised.value) and "ต้องระบุ" in str(raised.value)
    assert not ImportBatch.objects.exists() and not Person.objects.exists()
    with pytest.raises(CommandError, match="BMA-X"):
        call_command("import_workers", str(path), "--unit", "BMA-X", "--no-progress", stdout=io.StringIO())


def test_the_command_as_an_office_keeps_to_that_offices_area(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "a.csv", ROWS)
    import_from_command_line(path, "--unit", "BMA-D1006")
    batch = ImportBatch.objects.get()
    assert batch.unit is not None and batch.unit.code == "BMA-D1006" and batch.created_by is None
    # Bang Kapi's row is in; Phra Nakhon's is outside that office's area; the bad ID is rejected
    assert list(Person.objects.values_list("district_code", flat=True)) == ["1006"]
    assert batch.rows_rejected == 2
    assert AuditEvent.objects.filter(
        action="import", target_id=str(batch.pk), changes__unit="BMA-D1006"
    ).exists()


@pytest.fixture
def batches(tmp_path, make_user) -> list[ImportBatch]:  # type: ignore[no-untyped-def]
    """A command-line batch as an office, a user's batch, and an ownerless one from before the rule."""
    path = write_csv(tmp_path / "a.csv", ROWS)
    import_from_command_line(path, "--unit", "BMA-D1006")
    user = make_user(Role.DEPARTMENT_STAFF)
    import_from_command_line(path, "--user", user.username)
    legacy = ImportBatch.objects.create(file_name="old.csv", status=ImportStatus.DONE, rows_rejected=1)
    ImportRowError.objects.create(batch=legacy, row_number=2, values=["x"], reasons=[["", "bad"]])
    ImportReviewItem.objects.create(
        batch=ImportBatch.objects.get(unit__code="BMA-D1006"),
        row_number=9,
        fields={},
        province_code="10",
        district_code="1006",
        reason="sound_alike_name_and_birth_date",
    )
    return list(ImportBatch.objects.order_by("pk"))


ROLES = [
    (Role.ADMIN, None),
    (Role.DEPARTMENT_STAFF, None),
    (Role.DISTRICT_STAFF, "BMA-D1006"),
    (Role.DISTRICT_STAFF, "BMA-D1001"),
    (Role.PROVINCIAL_STAFF, None),
    (Role.POLICY_STAFF, None),
    (Role.ASSESSOR, None),
    (Role.DPO, None),
]


@pytest.mark.parametrize("role,unit", ROLES)
def test_every_import_page_renders_for_every_role_that_may_see_it(
    client, make_user, batches, role, unit
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role, unit_code=unit)
    client.force_login(user)
    listing = client.get(reverse("imports:job_list"))
    assert listing.status_code == 200
    shown = [b.pk for b in listing.context["batches"]]
    for batch in batches:
        detail = client.get(reverse("imports:job_detail", args=[batch.pk]))
        assert detail.status_code == (200 if batch.pk in shown else 404)
        if batch.pk not in shown:
            continue
        assert client.get(reverse("imports:job_progress", args=[batch.pk])).status_code == 200
        assert client.get(reverse("imports:values", args=[batch.pk])).status_code == 200
        # a finished batch's mapping page sends the reader back to the batch
        mapping = client.get(reverse("imports:mapping", args=[batch.pk]))
        assert mapping.status_code == (302 if user.caps.edits_people else 403)
        for fmt in ("csv", "xlsx"):
            assert client.get(reverse("imports:error_report", args=[batch.pk, fmt])).status_code == 200
    assert client.get(reverse("imports:review_list")).status_code == 200
    importer = user.caps.edits_people
    for name in ("upload", "synonym_list"):
        assert client.get(reverse(f"imports:{name}")).status_code == (200 if importer else 403)
    legacy = batches[-1]
    if role in (Role.ADMIN, Role.ASSESSOR, Role.DPO):
        assert legacy.pk in shown
        page = client.get(reverse("imports:job_detail", args=[legacy.pk])).content.decode()
        assert "นำเข้าจากบรรทัดคำสั่ง" in page
        assert "นำเข้าจากบรรทัดคำสั่งในนามของ" in listing.content.decode()
    else:
        assert legacy.pk not in shown
    if (role, unit) == (Role.DISTRICT_STAFF, "BMA-D1001"):
        assert shown == [b.pk for b in batches if b.unit and b.unit.code == "BMA-D1001"]


def test_an_ownerless_batch_cannot_be_run(batches) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.core.errors import DomainError
    from nokrabob.imports.services import run_batch

    legacy = ImportBatch.objects.create(
        file_name="old.csv", file_path="/nonexistent", mapping={"first_name": 0}
    )
    with pytest.raises(DomainError, match="เจ้าของ"):
        run_batch(legacy.pk)
