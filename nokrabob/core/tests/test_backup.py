"""Backup and restore: a backup restored into an empty database has every table's rows (count and checksum),
the audit trail with its triggers and intact chain, and the uploaded files; a changed restore is caught.
Runs on SQLite and on PostgreSQL (a fresh database made for the test and dropped after)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, connections, transaction

from nokrabob.accounts.roles import Role
from nokrabob.audit.maintenance import audit_maintenance
from nokrabob.audit.models import AuditAction
from nokrabob.audit.selectors import verify_chain
from nokrabob.audit.services import audit_record
from nokrabob.core.backup import compare, database_alias, latest_backup, read_manifest, table_prints
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the same engine as the test database, reachable as its own alias."""
    source = connection.settings_dict
    if connection.vendor != "postgresql":
        with database_alias({**source, "NAME": str(tmp_path / "restored.sqlite3")}, "restore") as alias:
            yield alias
        return
    import psycopg

    name = f"{source['NAME']}_restore_{secrets.token_hex(4)}"[:63]
    params: dict[str, Any] = {
        key.lower(): source[key] or None for key in ("HOST", "PORT", "USER", "PASSWORD")
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            with database_alias({**source, "NAME": name}, "restore") as alias:
                yield alias
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def data(make_user, settings, tmp_path: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """People, an audit trail, an evidence file and an export file in MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_DIR = tmp_path / "backups"
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    people = []
    for n in range(12):
        person = Person.objects.create(
            national_id=make_national_id(f"1101700203{n:02d}"),
            first_name=f"สมชาย{n}",
            last_name="ใจดี",
            district_code="1001",
            province_code="10",
        )
        people.append(person)
        with transaction.atomic():
            audit_record(actor=user, action=AuditAction.CREATE, target=person)
    evidence = Path(settings.MEDIA_ROOT) / "performance" / "evidence" / "หลักฐาน.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 evidence " + secrets.token_bytes(64))
    export = Path(settings.MEDIA_ROOT) / "imports" / "export-1-abc.csv"
    export.parent.mkdir(parents=True)
    export.write_text("national_id\n1101700203001\n")
    return {"user": user, "people": people, "evidence": evidence, "export": export}


def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(
    data, settings, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    call_command("backup")
    filename = latest_backup()
    manifest = read_manifest(filename)
    assert manifest["tables"]["registry_person"]["rows"] == 12
    assert manifest["tables"]["audit_auditevent"]["rows"] >= 12
    assert "performance/evidence/หลักฐาน.pdf" in manifest["media"]["files"]
    assert not any(name.startswith("imports/export-") for name in manifest["media"]["files"])
    source_prints = table_prints("default")

    evidence: Path = data["evidence"]  # type: ignore[assignment]
    original = evidence.read_bytes()
    settings.MEDIA_ROOT = str(
        tmp_path / "media-restored"
    )  # the uploaded files come back into an empty folder
    with empty_database(tmp_path) as alias:
        assert table_prints(alias) == {}  # empty indeed
        capsys.readouterr()
        call_command("restore", database=alias, interactive=False)
        said = capsys.readouterr().out
        assert "verified:" in said and "audit trail intact" in said

        # every table: the same rows as the source, by count and by checksum, read directly from both
        restored = table_prints(alias)
        assert compare(source_prints, restored) == []
        assert set(restored) == set(source_prints) and len(restored) > 50
        assert restored["registry_person"]["rows"] == 12

        # the audit trail: chain intact, and the database still refuses to change it (triggers restored)
        assert verify_chain(using=alias).intact
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(using=alias):
            connections[alias].cursor().execute("UPDATE audit_auditevent SET action = 'delete'")
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(using=alias):
            connections[alias].cursor().execute("DELETE FROM audit_auditevent")

        # the uploaded files, byte for byte; the export file is not in the backup
        restored_file = Path(settings.MEDIA_ROOT) / "performance" / "evidence" / "หลักฐาน.pdf"
        assert restored_file.read_bytes() == original
        assert not (Path(settings.MEDIA_ROOT) / "imports" / "export-1-abc.csv").exists()

        call_command("verify_backup", database=alias)
        assert "counts and checksums equal" in capsys.readouterr().out


def test_a_changed_restore_is_caught_table_by_table(data, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    call_command("backup", no_media=True)
    with empty_database(tmp_path) as alias:
        call_command("restore", database=alias, interactive=False, no_media=True)
        call_command("verify_backup", database=alias, no_media=True)  # the same: no error
        cursor = connections[alias].cursor()

        # one letter of one person's name: same count, checksum differs
        person = data["people"][3]  # type: ignore[index]
        cursor.execute("UPDATE registry_person SET first_name = 'สมชาย' WHERE id = %s", [person.pk])
        with pytest.raises(CommandError) as found:
            call_command("verify_backup", database=alias, no_media=True)
        assert "registry_person: same 12 rows, but their content differs" in str(found.value)
        assert "accounts_user" not in str(found.value)  # only the changed table is named

        # a row gone: the count differs
        cursor.execute("DELETE FROM registry_person WHERE id = %s", [data["people"][5].pk])  # type: ignore[index]
        with pytest.raises(CommandError) as found:
            call_command("verify_backup", database=alias, no_media=True)
        assert "registry_person: 11 rows, the backup has 12" in str(found.value)

        # the audit trail changed around its triggers: the checksum, the head and the chain all say so
        with audit_maintenance(using=alias):
            connections[alias].cursor().execute(
                "UPDATE audit_auditevent SET target_label = 'x' WHERE id = "
                "(SELECT min(id) FROM audit_auditevent)"
            )
        with pytest.raises(CommandError) as found:
            call_command("verify_backup", database=alias, no_media=True)
        text = str(found.value)
        assert "audit_auditevent: same" in text and "chain broken" in text


def test_a_missing_or_changed_file_is_caught(data, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    call_command("backup")
    evidence: Path = data["evidence"]  # type: ignore[assignment]
    evidence.write_bytes(b"something else")
    with pytest.raises(CommandError) as found:
        call_command("verify_backup")
    assert "file changed: performance/evidence/หลักฐาน.pdf" in str(found.value)
    evidence.unlink()
    with pytest.raises(CommandError) as found:
        call_command("verify_backup")
    assert "file missing: performance/evidence/หลักฐาน.pdf" in str(found.value)


def test_restore_refuses_a_backup_of_another_engine_and_an_unknown_file(data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    call_command("backup", no_media=True)
    filename = latest_backup()
    manifest_path = tmp_path / "backups" / f"{filename}.metadata"
    text = manifest_path.read_text()
    engine = connection.settings_dict["ENGINE"]
    manifest_path.write_text(text.replace(engine, "django.db.backends.other"))
    with empty_database(tmp_path) as alias:
        with pytest.raises(CommandError, match=r"was made on django\.db\.backends\.other"):
            call_command("restore", database=alias, interactive=False, no_media=True)
        with pytest.raises(CommandError):
            call_command("restore", database=alias, interactive=False, input_filename="nothing-here.gz")
