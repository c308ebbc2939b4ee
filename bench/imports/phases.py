"""One benchmark phase per process (so each has its own peak memory): ``python -m bench.imports.phases
PHASE FILE``. Prints one JSON line: rows, seconds, peak RSS (MB, this process and its helpers)."""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.imports.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

FLOOR_TABLE = "bench_floor"
EXPORT_COLUMNS = (
    "id", "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo",
    "soi", "road", "subdistrict_code", "district_code", "province_code", "postal_code", "source",
    "import_batch_id",
)  # fmt: skip


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, helpers) / 1024


def cpu_seconds() -> float:
    """Processor time of this process and its finished helpers (user + system): on a shared machine it
    moves less than the wall clock; it leaves out the database server's own processes (PostgreSQL)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime


def split_cpu_seconds() -> dict[str, float]:
    """This process's processor time and its finished helpers' apart: the helper normalises while this
    process writes, so on a machine with a free core only this process's time is on the critical path."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "main_cpu_seconds": own.ru_utime + own.ru_stime,
        "helper_cpu_seconds": helpers.ru_utime + helpers.ru_stime,
    }


def server_cpu_seconds(pid: int | None) -> float | None:
    """Processor time of this connection's PostgreSQL server process (read from /proc: the server runs
    on this machine in the benchmark's setup); None elsewhere."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _floor_table(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    columns = ", ".join(f"c{i} TEXT" for i in range(len(header)))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(f"CREATE TABLE {FLOOR_TABLE} ({columns})")
    return len(header)


def floor_import(path: Path) -> int:
    """The issue's floor: a plain CSV read (``csv.reader``) plus ``executemany`` INSERT in 5,000-row
    transactions (SQLite) or ``COPY … FROM STDIN`` of the rows read (PostgreSQL), into a table of TEXT
    columns with no index and no check."""
    width = _floor_table(path)
    raw = connection.connection
    rows = 0
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {FLOOR_TABLE} FROM STDIN") as copy:
                for row in reader:
                    copy.write_row(row)
                    rows += 1
            raw.commit()
            return rows
        sql = f"INSERT INTO {FLOOR_TABLE} VALUES ({', '.join('?' * width)})"
        chunk: list[list[str]] = []
        for row in reader:
            chunk.append(row)
            if len(chunk) >= 5000:
                raw.execute("BEGIN IMMEDIATE")
                raw.executemany(sql, chunk)
                raw.execute("COMMIT")
                rows += len(chunk)
                chunk = []
        if chunk:
            raw.execute("BEGIN IMMEDIATE")
            raw.executemany(sql, chunk)
            raw.execute("COMMIT")
            rows += len(chunk)
    return rows


def floor_copy_bytes(path: Path) -> int:
    """A stricter reference on PostgreSQL: the file's bytes handed to ``COPY … (FORMAT csv)``, so the
    server parses the CSV in C and Python reads nothing."""
    _floor_table(path)
    raw = connection.connection
    with raw.cursor() as cursor, path.open("rb") as fh:
        with cursor.copy(f"COPY {FLOOR_TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while block := fh.read(1 << 20):
                copy.write(block)
        rows = int(cursor.rowcount)
    raw.commit()
    return rows


def floor_registry_writes(path: Path) -> dict[str, object]:
    """The databases' own share of an import: the file's clean rows (made beforehand, not timed) written
    by the import's own store — people, occupations, welfare in the same 10,000-row transactions, consent in
    one statement, every plain index dropped before and built after — with no reading, no rules, no dedupe
    against the registry and no error report."""
    from django.db import transaction

    from nokrabob.imports import store
    from nokrabob.imports.mapping import suggest_mapping
    from nokrabob.imports.models import ImportBatch
    from nokrabob.imports.normalise import RowNormaliser
    from nokrabob.imports.pipeline import CHUNK_ROWS, ImportRun, Options, Producer
    from nokrabob.imports.readers import TableReader
    from nokrabob.imports.services import load_synonyms
    from nokrabob.registry.rules.unit import unit_ids

    reader = TableReader(path)
    normaliser = RowNormaliser(
        mapping=suggest_mapping(reader.headers), headers=reader.headers, synonyms=load_synonyms(),
        unit_ids=unit_ids(),
    )  # fmt: skip
    producer = Producer(normaliser, keep_values=False)
    chunks = [list(enumerate(c for _n, _v, c in p.good)) for p in producer.chunks(reader.rows(), CHUNK_ROWS)]
    batch = ImportBatch.objects.create(file_name=path.name, source_name="bench floor")
    # The same connection settings as the import's maintenance path (``--defer-indexes``), which the
    # import phase takes: PostgreSQL's per-row key triggers skipped, the batch's keys checked at the end.
    run = ImportRun(normaliser=normaliser, options=Options(batch_id=batch.pk, maintenance=True))

    started, cpu_started = time.perf_counter(), cpu_seconds()
    deferred = store.drop_secondary_indexes()
    with run.loading():
        for chunk in chunks:
            with run.chunk_transaction():
                run.write_new(chunk)
    with transaction.atomic():
        run.finish()
    store.create_secondary_indexes(deferred)
    return {
        "rows": sum(len(c) for c in chunks), "seconds": time.perf_counter() - started,
        "timed_cpu_seconds": cpu_seconds() - cpu_started,
    }  # fmt: skip


def bench_importer() -> object:
    """A batch needs an owner: the benchmark's nationwide lists are imported by an admin."""
    from nokrabob.accounts.models import User
    from nokrabob.accounts.roles import Role
    from nokrabob.core.models import OrgUnit

    user, _created = User.objects.get_or_create(
        username="bench-importer", defaults={"role": Role.ADMIN, "unit": OrgUnit.objects.get(code="2400")}
    )
    return user


def _without_count_upkeep() -> None:
    """The peer of the maintained counts' cost (bench.counts): the same import with the upkeep of the
    registry's counts switched off for this process only (the counts it leaves are then wrong)."""
    from collections import Counter
    from contextlib import contextmanager

    from nokrabob.imports import pipeline

    class Idle:
        def stage(self, *cells: object) -> None:
            pass

    @contextmanager
    def idle(*_args: object, **_kwargs: object):  # type: ignore[no-untyped-def]
        yield Idle()

    pipeline.recounting = idle  # type: ignore[assignment]
    pipeline.ImportRun._new_person_of = lambda self: None  # type: ignore[method-assign]
    pipeline.ImportRun._cells_of_new = lambda self, people, new_at: (Counter(), Counter())  # type: ignore[method-assign]


def full_import(path: Path, workers: int, defer_indexes: bool) -> dict[str, object]:
    """Parse, normalise, validate, dedupe, store, write the error report: what ``import_workers`` does."""
    from nokrabob.imports import error_report, store
    from nokrabob.imports.services import batch_create, run_batch

    if os.environ.get("BENCH_TALLIES", "1") == "0":
        _without_count_upkeep()
    started = time.perf_counter()
    batch = batch_create(actor=bench_importer(), path=path, file_name=path.name, source_name="bench")
    deferred = store.drop_secondary_indexes() if defer_indexes else []
    try:
        batch = run_batch(batch.pk, workers=workers, maintenance=bool(deferred))
    finally:
        loaded = time.perf_counter()
        if deferred:
            store.create_secondary_indexes(deferred)
        built = time.perf_counter()
    error_report.write_csv(batch, path.with_name(path.name + f".{connection.vendor}.errors.csv"))
    return {
        "load_seconds": loaded - started, "index_seconds": built - loaded,
        "report_seconds": time.perf_counter() - built,
        "rows": batch.rows_done, "created": batch.rows_created, "updated": batch.rows_updated,
        "unchanged": batch.rows_unchanged, "rejected": batch.rows_rejected,
        "duplicates": batch.rows_duplicate,
        "review": batch.rows_review, "status": batch.status,
    }  # fmt: skip


def floor_export(target: Path) -> int:
    """Plain SELECT of the exported columns → csv.writer."""
    from django.db import transaction

    rows = 0
    columns = ", ".join(EXPORT_COLUMNS)
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        if connection.vendor == "postgresql":
            cursor = connection.connection.cursor(name="bench_export")  # server-side: constant memory
            cursor.itersize = 5000
        cursor.execute(f"SELECT {columns} FROM registry_person WHERE merged_into_id IS NULL ORDER BY id")
        writer = csv.writer(out)
        while batch := cursor.fetchmany(5000):
            writer.writerows(batch)
            rows += len(batch)
    return rows


def full_export(target: Path) -> int:
    """The page's export: the registry list's selector for an admin, masking, area names, neutralising."""
    from django.http import QueryDict

    from nokrabob.accounts.models import User
    from nokrabob.accounts.roles import Role
    from nokrabob.core.models import OrgUnit
    from nokrabob.imports import exports

    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        user = User.objects.create(username="bench-admin", role=Role.ADMIN, is_superuser=True, is_staff=True,
                                   unit=OrgUnit.objects.get(code="2400"))  # fmt: skip
    params = QueryDict("sort=oldest")
    queryset = exports.export_queryset(user, params)
    rows = -1
    with target.open("wb") as out:
        for chunk in exports.csv_chunks(user, queryset):
            rows += chunk.count(b"\n")
            out.write(chunk)
    exports.audit_export(user, params=params, file_format="csv", rows=rows)
    return rows


def main() -> None:
    phase, path = sys.argv[1], Path(sys.argv[2])
    workers = int(os.environ.get("BENCH_WORKERS", "1"))
    server = _server_pid()
    server_started = server_cpu_seconds(server)
    started = time.perf_counter()
    extra: dict[str, object] = {}
    if phase == "floor_import":
        rows = floor_import(path)
    elif phase == "floor_copy_bytes":
        rows = floor_copy_bytes(path)
    elif phase == "floor_registry_writes":
        extra = floor_registry_writes(path)
        rows = int(extra["rows"])  # type: ignore[call-overload]
    elif phase == "import":
        extra = full_import(path, workers, os.environ.get("BENCH_DEFER_INDEXES", "1") == "1")
        rows = int(extra["rows"])  # type: ignore[call-overload]
    elif phase == "floor_export":
        rows = floor_export(path)
    elif phase == "export":
        rows = full_export(path)
    else:
        raise SystemExit(f"unknown phase {phase}")
    seconds = time.perf_counter() - started
    server_now = server_cpu_seconds(server)
    if server_now is not None and server_started is not None:
        extra["server_cpu_seconds"] = server_now - server_started
    extra.update(split_cpu_seconds())
    print(json.dumps({
        "phase": phase, "rows": rows, "seconds": seconds, "peak_mb": peak_mb(), "cpu_seconds": cpu_seconds(),
        **extra,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
