"""Loading Bangkok's 2,010 communities and their households, and the One Map figure over them.

    .venv/bin/python -m bench.onemap                    # SQLite (var/bench_onemap.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_onemap .venv/bin/python -m bench.onemap

The database is created afresh and migrated. Each case runs ``--repeat`` times and the median is kept:

- the peer: reading the same CSV with ``imports.readers.TableReader`` alone (what any load must pay);
- loading the community list (2,010 rows) as a district office of the whole city would, first into an
  empty register (every community created) and again unchanged (every row checked, nothing written);
- loading a household list (``--households`` rows, one member each, 5 rows per household);
- the One Map measure of a fiscal year over the 2,010 communities and those households.

The ratios say how many times the reader's own cost a load is, so the table can be read on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.registry.__main__ import _fresh_database as _fresh_registry_database

# After the import above, which names its own settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.onemap.settings"

COMMUNITIES = 2010


def _fresh_database() -> None:
    from config.env import env

    if env.str("DATABASE_URL", default="") and not env.db_url("DATABASE_URL")["NAME"].startswith("bench"):
        sys.exit("The benchmark drops its database: give it one whose name starts with 'bench'.")
    if not env.str("DATABASE_URL", default=""):
        from bench.onemap import settings

        path = settings.DATABASES["default"]["NAME"]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    _fresh_registry_database()


def _median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _files(folder: Path, households: int) -> tuple[Path, Path]:
    import geothai

    districts = [d.code for d in geothai.districts("10")]
    lines = ["รหัสชุมชน,ชื่อชุมชน,เขต,แขวง,ประเภทชุมชน,จำนวนครัวเรือน"]
    codes = []
    for n in range(COMMUNITIES):
        district = districts[n % len(districts)]
        sub = geothai.subdistricts(district)[n % len(geothai.subdistricts(district))]
        code = f"B{n:05d}"
        codes.append(code)
        lines.append(f"{code},ชุมชนทดสอบ{sub.name_th} {n},{district},{sub.code},ชุมชนเมือง,{5 + n % 40}")
    communities = folder / "communities.csv"
    communities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["รหัสชุมชน,บ้านเลขที่,รูปแบบอาคาร,ระยะเวลาอยู่อาศัย,ความยินยอม,ชื่อสมาชิก,อายุ,การศึกษา,ติดเตียง"]
    for n in range(households):
        house = n // 5
        lines.append(
            f"{codes[house % COMMUNITIES]},{house}/1,บ้านเดี่ยว,{n % 30},ยินยอม,สมาชิก {n},{n % 90},ประถมศึกษา,"
            f"{'ใช่' if n % 50 == 0 else 'ไม่ใช่'}"
        )
    members = folder / "households.csv"
    members.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return communities, members


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--households", type=int, default=20_000)
    args = parser.parse_args()
    _fresh_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction

    from nokrabob.accounts.models import User
    from nokrabob.core.models import OrgUnit
    from nokrabob.core.reference import load_org_units
    from nokrabob.imports.readers import TableReader
    from nokrabob.onemap import services
    from nokrabob.onemap.tables import COMMUNITY_TABLE, HOUSEHOLD_TABLE
    from nokrabob.performance.measures import compute
    from nokrabob.registry.models import Community, Household

    call_command("migrate", verbosity=0)
    load_org_units()
    staff = User.objects.create(
        username="bench-sps", role="department_staff", unit=OrgUnit.objects.get(code="2400")
    )
    folder = Path(settings.MEDIA_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    communities_csv, households_csv = _files(folder, args.households)

    def load(path: Path, table: Any) -> services.Outcome:
        opened = services.upload_open(
            actor=staff, table=table, upload=SimpleUploadedFile(path.name, path.read_bytes())
        )
        outcome = services.import_file(
            actor=staff,
            kind=table.kind,
            token=opened.token,
            file_kind=opened.file_kind,
            mapping=opened.suggested,
        )
        assert outcome.error_count == 0, outcome.errors[:3]
        return outcome

    def read(path: Path) -> None:
        for _row in TableReader(path).rows():
            pass

    def first_load() -> None:
        with transaction.atomic():
            assert load(communities_csv, COMMUNITY_TABLE).created == COMMUNITIES
            transaction.set_rollback(True)

    def household_load() -> None:
        with transaction.atomic():
            assert load(households_csv, HOUSEHOLD_TABLE).members == args.households
            transaction.set_rollback(True)

    rows: list[tuple[str, float, float]] = []
    peer = _median_ms(lambda: read(communities_csv), args.repeat)
    rows.append(("read 2,010 community rows (peer)", peer, 1.0))
    ms = _median_ms(first_load, args.repeat)
    rows.append(("load 2,010 communities into an empty register", ms, ms / peer))
    load(communities_csv, COMMUNITY_TABLE)
    ms = _median_ms(lambda: load(communities_csv, COMMUNITY_TABLE), args.repeat)
    rows.append(("load the same 2,010 again (nothing changes)", ms, ms / peer))
    peer_h = _median_ms(lambda: read(households_csv), args.repeat)
    rows.append((f"read {args.households:,} household rows (peer)", peer_h, 1.0))
    ms = _median_ms(household_load, args.repeat)
    rows.append((f"load {args.households:,} members in {args.households // 5:,} households", ms, ms / peer_h))
    load(households_csv, HOUSEHOLD_TABLE)
    assert Community.objects.count() == COMMUNITIES and Household.objects.count() == args.households // 5
    ms = _median_ms(lambda: compute("community_household_share", 2570, None), args.repeat)
    rows.append(("One Map measure, FY 2570 (2,010 communities)", ms, float("nan")))
    print(f"\n{connection.vendor}, load average {os.getloadavg()[0]:.1f} (1 min), median of {args.repeat}")
    print(f"{'case':<52} {'ms':>10} {'× peer':>8}")
    for name, value, ratio in rows:
        print(f"{name:<52} {value:>10.1f} {ratio:>8.1f}")


if __name__ == "__main__":
    main()
