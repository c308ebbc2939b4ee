from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.imports.models import ImportBatch
from nokrabob.registry.models import Person

pytestmark = pytest.mark.django_db


def test_import_workers_dry_run_then_import_with_report_beside_the_file(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    path, manifest = messy_file
    admin = make_user(Role.ADMIN)
    out = io.StringIO()
    call_command(
        "import_workers",
        str(path),
        "--user",
        admin.username,
        "--dry-run",
        "--no-progress",
        "--workers",
        "0",
        stdout=out,
    )
    assert "(dry run)" in out.getvalue() and not Person.objects.exists()
    report = path.with_name(path.name + ".errors.csv")
    with report.open(encoding="utf-8-sig") as fh:
        assert {int(r[0]) for r in list(csv.reader(fh))[1:]} == set(manifest.bad) | set(manifest.duplicates)
    report.unlink()
    call_command(
        "import_workers", str(path), "--user", admin.username, "--no-progress", "--workers", "0", stdout=out
    )
    good = manifest.rows - len(manifest.bad) - len(manifest.duplicates)
    assert Person.objects.count() == good
    assert report.exists()
    call_command(
        "import_workers", str(path), "--user", admin.username, "--no-progress", "--workers", "0", stdout=out
    )
    assert ImportBatch.objects.order_by("-pk").first().rows_unchanged == good  # type: ignore[union-attr]


def test_export_workers_is_scoped_and_audited(make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    Person.objects.create(first_name="ก", district_code="1006", province_code="10")
    Person.objects.create(first_name="ข", district_code="1001", province_code="10")
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    target = tmp_path / "out.csv"
    call_command(
        "export_workers",
        str(target),
        "--user",
        user.username,
        "--purpose",
        "ส่งรายชื่อให้กองทุนการออมแห่งชาติ",
        stdout=io.StringIO(),
    )
    with target.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert [r[3] for r in rows[1:]] == ["ข"]
    assert AuditEvent.objects.get(action="export").changes["rows"] == 1


def test_deferred_indexes_are_built_again(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports import store

    path, manifest = messy_file
    admin = make_user(Role.ADMIN)
    before = sorted(store.plain_indexes())
    call_command(
        "import_workers",
        str(path),
        "--user",
        admin.username,
        "--defer-indexes",
        "--no-progress",
        "--workers",
        "1",
        stdout=io.StringIO(),
    )
    assert sorted(store.plain_indexes()) == before
    assert Person.objects.count() == manifest.rows - len(manifest.bad) - len(manifest.duplicates)
