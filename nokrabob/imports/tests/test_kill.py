"""A killed import loses nothing and leaves nothing half-done.

A real ``import_workers`` process is killed with SIGKILL at several points of a list of 12,000 rows (before
its first commit, about a third in, about two thirds in, with and without its helper process). After each
kill every committed part is complete — each person has their lawful basis, occupation and welfare rows,
and the audit rows account for them — and running the same command again resumes the batch; the last run
ends with exactly the file's good people, none missing and none twice. A batch killed half-way can also be
rolled back from the command line. Runs against a database of its own (a SQLite file, or a PostgreSQL
database beside the test database), on the engine the suite runs on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.rules.national_id import make_national_id

ROOT = Path(__file__).resolve().parents[3]
ROWS = 12_000
CHUNK = 300
DISTRICTS = ("เขตบางกะปิ", "เขตพระนคร", "เขตดุสิต", "เขตจตุจักร", "เขตบางรัก")
SYLLABLES = ("สม", "ศรี", "มา", "นะ", "ชัย", "วรรณ", "ทอง", "ดี", "ใจ", "รัก", "สุข", "พร", "ศักดิ์", "กิจ")


def _name(i: int) -> str:
    parts = []
    for _ in range(3):
        i, k = divmod(i, len(SYLLABLES))
        parts.append(SYLLABLES[k])
    return "".join(parts)


def make_list(path: Path, first: int) -> tuple[set[str], set[tuple[str, str]]]:
    """A list with bad rows, in-file duplicates and rows without an ID; returns the good people it holds
    (national IDs, and (first name, birth date) of those without one)."""
    rows, ids, idless = [], set(), set()
    for i in range(ROWS):
        number = first + i
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=first // 1_000_000 * 40 + i)
        first_name, last_name = _name(i), _name(i // 7 + 11)
        nid = make_national_id(f"1{number:011d}")
        if i % 97 == 50:
            nid = nid[:-1] + str((int(nid[-1]) + 1) % 10)  # bad check digit
        elif i % 101 == 60:
            nid = make_national_id(f"1{number - 50:011d}")  # repeats row i - 50 (if that one had it)
            ids.add(nid)
        elif i % 13 == 5:
            nid = ""
            idless.add((first_name, birth.isoformat()))
        else:
            ids.add(nid)
        be = f"{birth.day:02d}/{birth.month:02d}/{birth.year + 543}"
        rows.append(
            [
                str(i + 1),
                nid,
                f"นาย{first_name} {last_name}",
                "",
                be,
                "0812345678",
                str(i),
                "",
                DISTRICTS[i % len(DISTRICTS)],
                "กรุงเทพมหานคร",
                "วินมอเตอร์ไซค์",
                "ม.40",
                "9000",
            ]
        )
    write_csv(path, rows)
    return ids, idless


class Database:
    """The test's own database, reached by the subprocesses through their environment."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "NOKRABOB_VAR_DIR": str(tmp),
            "DEBUG": "false",
        }
        default = settings.DATABASES["default"]
        self.postgres = default["ENGINE"].endswith("postgresql")
        if self.postgres:
            self.name = f"{default['NAME']}_kill_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            auth = default["USER"] + (f":{default['PASSWORD']}" if default.get("PASSWORD") else "")
            host, port = default.get("HOST") or "127.0.0.1", default.get("PORT") or 5432
            self.env["DATABASE_URL"] = f"postgres://{auth}@{host}:{port}/{self.name}"
        else:
            self.env.pop("DATABASE_URL", None)

    def _admin(self, sql: str) -> None:
        import psycopg

        default = settings.DATABASES["default"]
        with psycopg.connect(
            dbname="postgres",
            user=default["USER"],
            password=default.get("PASSWORD") or None,
            host=default.get("HOST") or "127.0.0.1",
            port=default.get("PORT") or 5432,
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
                return list(conn.execute(sql).fetchall())
        lite = sqlite3.connect(self.tmp / "nokrabob.sqlite3", timeout=30)
        try:
            return list(lite.execute(sql).fetchall())
        finally:
            lite.close()

    def one(self, sql: str) -> Any:
        return self.query(sql)[0][0]


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    db = Database(tmp_path_factory.mktemp("kill"))
    try:
        db.manage("migrate", "--noinput", "-v0")
        db.manage("load_org_units")
        db.env["KILL_TEST_PASSWORD"] = "kill-test-password-1"
        db.manage(
            "create_user",
            "importer",
            "--role",
            "department_staff",
            "--unit",
            "2400",
            "--password-env",
            "KILL_TEST_PASSWORD",
        )
        yield db
    finally:
        db.drop()


def kill_when(db: Database, process: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    """SIGKILL ``process`` as soon as ``ready()`` holds (it must not have finished by then)."""
    deadline = time.monotonic() + 300
    while not ready():
        assert process.poll() is None, f"the import finished before the kill point:\n{process.stderr.read()}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()  # reaped: the pid is gone, as after a crash
    assert process.returncode == -signal.SIGKILL


def latest_batch(db: Database) -> tuple[int, str, int]:
    rows = db.query("SELECT id, status, rows_committed FROM imports_importbatch ORDER BY id DESC LIMIT 1")
    return rows[0] if rows else (0, "", 0)


def committed_parts_are_whole(db: Database, batch: int) -> int:
    """Every person written has their lawful basis and links; the batch's counts and audit rows say so."""
    people = db.one(f"SELECT count(*) FROM registry_person WHERE import_batch_id = {batch}")
    assert (
        db.one(
            "SELECT count(*) FROM registry_person p WHERE NOT EXISTS "
            "(SELECT 1 FROM registry_consent c WHERE c.person_id = p.id AND c.lawful_basis = 'public_task')"
        )
        == 0
    )
    assert db.one("SELECT count(*) FROM registry_consent") == people
    assert db.one("SELECT count(*) FROM registry_personoccupation") == people
    assert db.one("SELECT count(*) FROM registry_welfarerecord") == people
    assert db.one(f"SELECT rows_created FROM imports_importbatch WHERE id = {batch}") == people
    parts = [
        json.loads(changes) if isinstance(changes, str) else changes
        for (changes,) in db.query(
            f"SELECT changes FROM audit_auditevent WHERE action = 'import' AND target_id = '{batch}'"
        )
    ]
    assert sum(p["created"] for p in parts if "part" in p) == people
    return int(people)


def test_killed_imports_resume_to_exactly_the_files_good_people(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = database
    path = tmp_path / "list.csv"
    ids, idless = make_list(path, first=10_000_000)
    args = ["import_workers", str(path), "--user", "importer", "--no-progress", "--chunk-rows", str(CHUNK)]
    kill_points: list[tuple[str, Callable[[], bool]]] = [
        ("before the first commit", lambda: latest_batch(db)[1] == "running"),
        ("a third in", lambda: latest_batch(db)[2] >= ROWS // 3),
        ("two thirds in", lambda: latest_batch(db)[2] >= 2 * ROWS // 3),
    ]
    seen_committed = []
    for index, (_label, ready) in enumerate(kill_points):
        process = db.start(*args, "--workers", str(index % 2))
        kill_when(db, process, ready)
        batch, status, committed = latest_batch(db)
        assert status == "running"  # as the dead process left it; the next run finds it
        seen_committed.append(committed)
        committed_parts_are_whole(db, batch)
    assert seen_committed[0] < seen_committed[1] < seen_committed[2] < ROWS
    done = db.manage(*args, "--workers", "0")
    assert f"resuming interrupted batch {batch}" in done.stdout
    assert db.one("SELECT count(*) FROM imports_importbatch") == 1
    assert latest_batch(db)[1] == "done"
    people = committed_parts_are_whole(db, batch)
    assert people == len(ids) + len(idless)
    found_ids = {
        nid for (nid,) in db.query("SELECT national_id FROM registry_person WHERE national_id IS NOT NULL")
    }
    assert found_ids == ids
    found_idless = {
        (first, str(birth))
        for first, birth in db.query(
            "SELECT first_name, birth_date FROM registry_person WHERE national_id IS NULL"
        )
    }
    assert found_idless == idless
    rejected = db.one(f"SELECT rows_rejected FROM imports_importbatch WHERE id = {batch}")
    assert rejected == ROWS - people  # bad rows and in-file duplicates, each counted once
    assert db.one(f"SELECT count(*) FROM imports_importrowerror WHERE batch_id = {batch}") == rejected


def test_a_killed_import_can_be_rolled_back_from_the_command_line(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = database
    before = db.one("SELECT count(*) FROM registry_person")
    earlier = latest_batch(db)[0]
    path = tmp_path / "other.csv"
    make_list(path, first=20_000_000)
    process = db.start(
        "import_workers",
        str(path),
        "--user",
        "importer",
        "--no-progress",
        "--workers",
        "0",
        "--chunk-rows",
        str(CHUNK),
    )
    kill_when(db, process, lambda: latest_batch(db)[0] > earlier and latest_batch(db)[2] >= ROWS // 4)
    batch = latest_batch(db)[0]
    assert db.one("SELECT count(*) FROM registry_person") > before
    done = db.manage("import_workers", "--rollback", str(batch), "--user", "importer")
    assert "rolled back" in done.stdout
    assert db.one(f"SELECT status FROM imports_importbatch WHERE id = {batch}") == "rolled_back"
    assert db.one("SELECT count(*) FROM registry_person") == before
    assert db.one("SELECT count(*) FROM registry_consent") == before
    assert db.one("SELECT count(*) FROM registry_personoccupation") == before
