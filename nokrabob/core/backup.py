"""Backups that prove themselves: the database and the uploaded files, with a manifest to check a restore by.

django-dbbackup does the engine work (``pg_dump``/``pg_restore`` with the connection's own settings, SQLite's
online backup API, gzip, file names, the storage and keeping the last N); this module adds what it lacks for
"nothing lost" (docs/adr/0446-backup-restore-and-database-outages.md):

- **One moment.** The table manifest is taken from the very snapshot the dump is made from. PostgreSQL: a
  ``REPEATABLE READ`` transaction exports its snapshot and ``pg_dump --snapshot`` dumps that one. SQLite: the
  manifest and the online copy are made inside one ``IMMEDIATE`` transaction (writers wait a few seconds).
- **The manifest** (in dbbackup's ``.metadata`` file beside the dump): every table's row count and a SHA-256
  of its rows in primary-key order, the audit trail's head (last id and hash), and every uploaded file's
  SHA-256. ``compare`` reads any database against it: a missing, extra or changed row in any table shows.
- **SQLite restore** through the online backup API into the open connection (dbbackup's connector copies the
  file over the live database, which a WAL file beside it can corrupt).

The uploaded files (``MEDIA_ROOT``: evidence, imported lists) go into a ``.tar.gz`` beside the dump; the
export files (``imports/export-*``, personal data kept 24 hours) are left out so a backup does not keep them
past their expiry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from shutil import copyfileobj
from typing import Any
from uuid import UUID, uuid4

from dbbackup import utils as dbbackup_utils
from dbbackup.db.base import get_connector
from dbbackup.db.sqlite import SqliteBackupConnector
from dbbackup.storage import Storage, get_storage
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import load_backend

MANIFEST_VERSION = 1
ROWS_PER_FETCH = 2000
EXCLUDED_MEDIA = ("imports/export-",)  # exports expire in 24 hours; a backup must not keep them longer


class OnlineSqliteConnector(SqliteBackupConnector):
    """dbbackup's SQLite connector (online backup API for the dump), restoring through the same API.

    Copying a file over a database that is open, or that has a ``-wal`` file beside it, can leave a corrupt
    database; ``Connection.backup`` into the open connection replaces its content page by page, safely.
    """

    def restore_dump(self, dump: Any) -> None:
        with tempfile.NamedTemporaryFile(suffix=".sqlite3") as copy:
            dump.seek(0)
            copyfileobj(dump, copy)
            copy.flush()
            source = sqlite3.connect(copy.name)
            try:
                self.connection.close()
                self.connection.ensure_connection()
                source.backup(self.connection.connection)
            finally:
                source.close()


# ── The manifest: every table's rows, counted and hashed ────────────────────────────────────────────────


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "bytes:" + value.hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def table_prints(alias: str) -> dict[str, dict[str, Any]]:
    """Every table of the database: ``{"rows": count, "sha256": hash of its rows in primary-key order}``.

    Call inside a transaction for one consistent view (``consistent_view``); the rows are read in chunks
    (a server-side cursor on PostgreSQL).
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    prints: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        layout = {}
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            keys = connection.introspection.get_primary_key_columns(cursor, table) or columns
            layout[table] = (columns, keys)
    for table, (columns, keys) in layout.items():
        digest = hashlib.sha256()
        rows = 0
        select = ", ".join(quote(c) for c in columns)
        order = ", ".join(quote(k) for k in keys)
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(f"SELECT {select} FROM {quote(table)} ORDER BY {order}")  # noqa: S608 - names from introspection
            while batch := cursor.fetchmany(ROWS_PER_FETCH):
                for row in batch:
                    rows += 1
                    line = json.dumps(
                        [_plain(v) for v in row], ensure_ascii=False, sort_keys=True, default=str
                    )
                    digest.update(line.encode())
                    digest.update(b"\n")
        finally:
            cursor.close()
        prints[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return prints


def audit_head(alias: str) -> dict[str, Any]:
    """The audit trail's last row (id and hash): deleting the newest rows changes it (docs/adr/0005)."""
    from nokrabob.audit.models import AuditEvent

    head = AuditEvent.objects.using(alias).order_by("-id").values("id", "row_hash").first()
    return {"id": head["id"], "row_hash": head["row_hash"]} if head else {"id": None, "row_hash": None}


@contextmanager
def consistent_view(alias: str) -> Iterator[str | None]:
    """One moment of the database: a transaction whose reads all see the same data. On PostgreSQL, yields
    the exported snapshot's id (for ``pg_dump --snapshot``); on SQLite, ``None`` (the transaction is
    IMMEDIATE: writers wait until it ends)."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise RuntimeError("a consistent view needs its own transaction (called inside one)")
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                yield str(cursor.fetchone()[0])
        else:
            yield None


@contextmanager
def database_alias(settings_dict: dict[str, Any], prefix: str = "other") -> Iterator[str]:
    """Another database, reachable by an alias for the time of the block (then closed and forgotten)."""
    alias = f"{prefix}_{uuid4().hex[:8]}"
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper({**settings_dict, "TEST": {}}, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


@contextmanager
def opened_copy(dump: Any, settings_dict: dict[str, Any]) -> Iterator[str]:
    """A SQLite dump opened as a database of its own (a temporary alias), then removed."""
    with tempfile.TemporaryDirectory(prefix="nokrabob-backup-") as folder:
        path = Path(folder) / "copy.sqlite3"
        dump.seek(0)
        with path.open("wb") as fh:
            copyfileobj(dump, fh)
        dump.seek(0)
        with database_alias({**settings_dict, "NAME": str(path)}, "backup_copy") as alias:
            yield alias


# ── Files ──────────────────────────────────────────────────────────────────────────────────────────────


def storage() -> Storage:
    """Where backups go: ``STORAGES["dbbackup"]`` when configured (any Django storage), else BACKUP_DIR."""
    if "dbbackup" in getattr(settings, "STORAGES", {}):
        return get_storage()
    location = Path(settings.BACKUP_DIR)
    location.mkdir(parents=True, exist_ok=True)
    return get_storage("django.core.files.storage.FileSystemStorage", {"location": str(location)})


def _media_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and not path.is_symlink() and not name.startswith(EXCLUDED_MEDIA):
            yield name, path


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_archive() -> tuple[Any, dict[str, str]]:
    """The uploaded files as a gzipped tar, and each file's SHA-256 by its path under MEDIA_ROOT."""
    archive = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # noqa: SIM115 - returned to the caller
    hashes: dict[str, str] = {}
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, path in _media_files():
            hashes[name] = _sha256_of(path)
            tar.add(path, arcname=name, recursive=False)
    archive.seek(0)
    return archive, hashes


def media_restore(archive: Any) -> None:
    """Unpack the files into MEDIA_ROOT (regular files only, none outside it: tarfile's ``data`` filter)."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    archive.seek(0)
    with tarfile.open(fileobj=archive, mode="r:gz") as tar:
        tar.extractall(root, filter="data")


def media_differences(expected: dict[str, str]) -> list[str]:
    found = {name: _sha256_of(path) for name, path in _media_files()}
    missing = [f"file missing: {name}" for name in sorted(expected) if name not in found]
    changed = [f"file changed: {n}" for n in sorted(expected) if n in found and found[n] != expected[n]]
    return missing + changed


# ── Backup, restore, verify ────────────────────────────────────────────────────────────────────────────


@dataclass
class Backup:
    filename: str
    media_filename: str | None
    manifest: dict[str, Any]


def make_backup(alias: str = "default", *, servername: str | None = None, media: bool = True) -> Backup:
    """Dump the database and the uploaded files with their manifest into the backup storage."""
    connector = get_connector(alias)
    filename = connector.generate_filename(servername)
    if connections[alias].vendor == "sqlite":
        # The online backup API copies one consistent state by itself (it starts again if another connection
        # writes meanwhile); the manifest is read from that copy.
        dump = connector.create_dump()
        with opened_copy(dump, connections[alias].settings_dict) as copy, consistent_view(copy):
            tables = table_prints(copy)
            head = audit_head(copy)
    else:
        with consistent_view(alias) as snapshot:
            connector.dump_suffix = f"--snapshot={snapshot}"  # pg_dump reads what the manifest read
            tables = table_prints(alias)
            head = audit_head(alias)
            dump = connector.create_dump()
    manifest: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "taken_at": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": connections[alias].vendor,
        "tables": tables,
        "audit_head": head,
    }
    dump, filename = dbbackup_utils.compress_file(dump, filename)
    store = storage()
    dump.seek(0)
    store.write_file(dump, filename)
    media_filename = None
    if media:
        archive, hashes = media_archive()
        media_filename = dbbackup_utils.filename_generate(
            "tar.gz", servername=servername, content_type="media"
        )
        store.write_file(archive, media_filename)
        manifest["media"] = {"file": media_filename, "files": hashes}
    metadata = {
        "engine": connections[alias].settings_dict["ENGINE"],
        "connector": f"{type(connector).__module__}.{type(connector).__name__}",
        "nokrabob": manifest,
    }
    store.write_file(io.BytesIO(json.dumps(metadata, ensure_ascii=False).encode()), f"{filename}.metadata")
    return Backup(filename=filename, media_filename=media_filename, manifest=manifest)


def latest_backup(source: str = "default") -> str:
    """The newest backup of the database ``source`` (the alias it was made from)."""
    return str(storage().get_latest_backup(content_type="db", database=source))


def read_manifest(filename: str) -> dict[str, Any]:
    with storage().read_file(f"{filename}.metadata") as fh:
        metadata = json.load(fh)
    if "nokrabob" not in metadata:
        raise ValueError(f"{filename} has no manifest (not made by manage.py backup)")
    return {"engine": metadata["engine"], **metadata["nokrabob"]}


def restore_backup(filename: str, alias: str = "default", *, media: bool = True) -> dict[str, Any]:
    """Restore ``filename`` (and its uploaded files) into the database ``alias``; returns its manifest.
    The engine must be the one the backup was made on."""
    manifest = read_manifest(filename)
    engine = connections[alias].settings_dict["ENGINE"]
    if manifest["engine"] != engine:
        raise ValueError(f"{filename} was made on {manifest['engine']}, this database is {engine}")
    store = storage()
    dump = store.read_file(filename)
    if filename.endswith(".gz"):
        dump, _name = dbbackup_utils.uncompress_file(dump, filename)
    connector = get_connector(alias)
    connections[alias].close()  # pg_restore drops and creates tables: hold no lock on them
    dump.seek(0)
    connector.restore_dump(dump)
    connections[alias].close()
    if media and manifest.get("media"):
        with store.read_file(manifest["media"]["file"]) as archive:
            media_restore(archive)
    return manifest


@dataclass
class Check:
    """A database (and the uploaded files) read against a backup's manifest."""

    problems: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def compare(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> list[str]:
    """Every table's count and checksum, one line per difference (empty: the same)."""
    problems = [f"table missing: {t}" for t in sorted(expected) if t not in found]
    problems += [f"table not in the backup: {t}" for t in sorted(found) if t not in expected]
    for table in sorted(set(expected) & set(found)):
        want, have = expected[table], found[table]
        if want["rows"] != have["rows"]:
            problems.append(f"{table}: {have['rows']} rows, the backup has {want['rows']}")
        elif want["sha256"] != have["sha256"]:
            problems.append(f"{table}: same {have['rows']} rows, but their content differs (checksum)")
    return problems


def verify_against(manifest: dict[str, Any], alias: str = "default", *, media: bool = True) -> Check:
    """Read the database ``alias`` (and MEDIA_ROOT) against ``manifest``: counts, checksums, the audit
    trail's head and hash chain, the uploaded files."""
    from nokrabob.audit.selectors import verify_chain

    with consistent_view(alias):
        found = table_prints(alias)
        head = audit_head(alias)
        chain = verify_chain(using=alias)
    check = Check(tables=len(found), rows=sum(t["rows"] for t in found.values()))
    check.problems = compare(manifest["tables"], found)
    if head != manifest["audit_head"]:
        check.problems.append(f"audit trail head is {head}, the backup's is {manifest['audit_head']}")
    if not chain.intact:
        check.problems.append(f"audit trail chain broken at event {chain.broken_id}")
    if media and manifest.get("media"):
        check.problems += media_differences(manifest["media"]["files"])
    return check


def file_size(filename: str) -> int:
    try:
        return int(storage().storage.size(filename))
    except (OSError, NotImplementedError):
        return -1
