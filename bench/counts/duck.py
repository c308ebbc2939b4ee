"""The peer "DuckDB": the same aggregates as the executive dashboard, computed by DuckDB over the same rows
copied beforehand (not timed) from the project's SQLite file or PostgreSQL database into DuckDB's own
tables, through DuckDB's ``sqlite`` / ``postgres`` extensions (PyPI ``duckdb-extension-sqlite`` /
``duckdb-extension-postgres``, loaded from the installed packages: nothing is downloaded)."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import import_module
from pathlib import Path
from typing import Any

import duckdb

REACHED = ("enrolled", "received")


def _extension_dir(work: Path) -> Path:
    """DuckDB looks for ``<dir>/v<version>/<platform>/<name>.duckdb_extension``: copy the packaged files."""
    target = work / "duckdb_extensions" / f"v{duckdb.__version__}" / "linux_amd64"
    target.mkdir(parents=True, exist_ok=True)
    for package, packaged, name in (
        ("duckdb_extension_sqlite", "sqlite", "sqlite_scanner"),
        ("duckdb_extension_postgres", "postgres", "postgres_scanner"),
    ):
        source = Path(import_module(package).__path__[0]) / "extensions" / f"v{duckdb.__version__}"
        shutil.copyfile(source / f"{packaged}.duckdb_extension", target / f"{name}.duckdb_extension")
    return work / "duckdb_extensions"


def connect_and_copy(work: Path, *, sqlite_path: str | None, pg_dsn: str | None) -> duckdb.DuckDBPyConnection:
    """A DuckDB database of its own (in memory) with the registry's four tables copied in."""
    con = duckdb.connect(
        config={"extension_directory": str(_extension_dir(work)), "autoinstall_known_extensions": False}
    )
    if sqlite_path:
        con.execute("LOAD sqlite")
        con.execute(f"ATTACH '{sqlite_path}' AS src (TYPE sqlite, READ_ONLY)")
        created = "CAST(created_at AS TIMESTAMP)"
    else:
        con.execute("LOAD postgres")
        con.execute(f"ATTACH '{pg_dsn}' AS src (TYPE postgres, READ_ONLY)")
        created = "timezone('UTC', created_at)"
    con.execute(
        "CREATE TABLE p AS SELECT id, province_code, district_code, sex,"
        f" CAST(birth_date AS DATE) AS birth_date, {created} AS created_at, merged_into_id"
        " FROM src.registry_person"
    )
    con.execute(
        "CREATE TABLE o AS SELECT id, person_id, occupation_id, CAST(is_current AS BOOLEAN) AS is_current"
        " FROM src.registry_personoccupation"
    )
    con.execute(
        "CREATE TABLE w AS SELECT id, person_id, scheme_id, status, CAST(recorded_on AS DATE) AS recorded_on"
        " FROM src.registry_welfarerecord"
    )
    con.execute(
        "CREATE TABLE s AS SELECT id, code, CAST(is_formal AS BOOLEAN) AS is_formal FROM src.registry_scheme"
    )
    con.execute("DETACH src")
    return con


def numbers(
    con: duckdb.DuckDBPyConnection,
    *,
    today: dt.date,
    since: dt.date,
    elderly_born_by: dt.date,
    rules: dict[str, tuple[dt.date | None, dt.date | None, bool]],
) -> dict[str, Any]:
    """``rules``: scheme code → (latest birth date, earliest excluded birth date, excludes formal workers),
    the same limits the registry's eligibility rule reads from its dated configuration."""
    q = con.execute
    live = "merged_into_id IS NULL"
    out: dict[str, Any] = {}
    out["total"] = q(f"SELECT count(*) FROM p WHERE {live}").fetchone()[0]  # type: ignore[index]
    out["elderly"] = q(
        f"SELECT count(*) FROM p WHERE {live} AND birth_date <= ?", [elderly_born_by]
    ).fetchone()[0]  # type: ignore[index]
    out["district"] = dict(
        q(
            f"SELECT district_code, count(*) FROM p WHERE {live} AND province_code = '10' GROUP BY 1"
        ).fetchall()
    )
    out["province"] = dict(q(f"SELECT province_code, count(*) FROM p WHERE {live} GROUP BY 1").fetchall())
    out["occupation"] = dict(
        q(
            "WITH latest AS (SELECT person_id, arg_max(occupation_id, id) AS occupation_id FROM o"
            " WHERE is_current GROUP BY person_id)"
            " SELECT coalesce(latest.occupation_id, 0), count(*)"
            " FROM p LEFT JOIN latest ON latest.person_id = p.id"
            f" WHERE {live} GROUP BY 1"
        ).fetchall()
    )
    out["reached"] = dict(
        q(
            "SELECT s.code, count(DISTINCT w.person_id)"
            " FROM w JOIN p ON p.id = w.person_id JOIN s ON s.id = w.scheme_id"
            f" WHERE {live} AND w.status IN ('enrolled', 'received') GROUP BY 1"
        ).fetchall()
    )
    q(
        "CREATE OR REPLACE TEMP TABLE latest AS SELECT person_id, scheme_id,"
        " arg_max(status, (recorded_on, id)) AS status FROM w GROUP BY person_id, scheme_id"
    )
    q(
        "CREATE OR REPLACE TEMP TABLE formal AS SELECT DISTINCT person_id"
        " FROM latest JOIN s ON s.id = latest.scheme_id"
        " WHERE s.is_formal AND latest.status IN ('enrolled', 'received')"
    )
    gap = {}
    for code, (born_by, born_after, excludes_formal) in sorted(rules.items()):
        conditions = [live, "birth_date IS NOT NULL"]
        params: list[Any] = [code]
        if born_by is not None:
            conditions.append("birth_date <= ?")
            params.append(born_by)
        if born_after is not None:
            conditions.append("birth_date > ?")
            params.append(born_after)
        if excludes_formal:
            conditions.append("p.id NOT IN (SELECT person_id FROM formal)")
        gap[code] = q(
            "SELECT count(*) FROM p LEFT JOIN (SELECT person_id, status FROM latest"
            " JOIN s ON s.id = latest.scheme_id WHERE s.code = ?) mine ON mine.person_id = p.id"
            f" WHERE {' AND '.join(conditions)}"
            " AND (mine.status IS NULL OR mine.status NOT IN ('enrolled', 'received'))",
            params,
        ).fetchone()[0]  # type: ignore[index]
    out["gap"] = gap
    out["trend"] = dict(
        q(
            "SELECT strftime(created_at + INTERVAL 7 HOUR, '%Y-%m'), count(*) FROM p"
            f" WHERE {live} AND created_at + INTERVAL 7 HOUR >= ? GROUP BY 1",
            [dt.datetime.combine(since, dt.time.min)],
        ).fetchall()
    )
    return out
