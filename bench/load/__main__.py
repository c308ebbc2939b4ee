"""Load benchmark: ``.venv/bin/python -m bench.load [--minutes 5] [--users 50] [--no-import]``.

1. Builds the 1,000,000-row registry the way production gets one: a fresh PostgreSQL database
   (``BENCH_PG_DB``, default ``bench_load``), migrated, and the import benchmark's generated list imported by
   the import itself (``bench.imports``). Nothing else is run on it: no ANALYZE, no VACUUM by hand.
2. Starts Redis and gunicorn as docs/deploy.md does (``config.wsgi``, 4 sync workers, the production
   settings from the environment) on loopback ports of its own, plus one extra URL, a bare Django view.
3. Drives it with closed-loop simulated users (each sends its next request when the last one answered),
   phase after phase, and prints per-kind p50/p95/p99, throughput, errors, the workers' memory over time and
   the load average. It stops by itself and stops what it started.

The client is asyncio + aiohttp in one process: on two shared cores the load generator's own processor
time is taken from the server, and aiohttp's C parser keeps it small; every latency is kept, so the
percentiles are exact.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bench_load"))
PG_DB = os.environ.get("BENCH_PG_DB", "bench_load")
if not PG_DB.startswith("bench") or not PG_DB.replace("_", "").isalnum():
    raise SystemExit("BENCH_PG_DB must start with 'bench' and hold only letters, digits and '_'")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
BIN = Path(sys.executable).parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


# ── the server side ────────────────────────────────────────────────────────────────────────────────


def build_database(rows: int) -> dict[str, object]:
    """A fresh database with ``rows`` generated rows imported by the import (bench.imports)."""
    os.environ["BENCH_WORK"], os.environ["BENCH_PG_DB"] = str(WORK), PG_DB
    from bench.imports.__main__ import fresh_database, phase, source_file

    source = source_file(rows)
    fresh_database("postgres")
    return phase("postgres", "import", source, BENCH_WORKERS="1", BENCH_DEFER_INDEXES="1")


def server_env(redis_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": "bench-load-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": PG_URL,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECURE_COOKIES": "false",
        # Plain HTTP on loopback, as behind the TLS proxy that redirects to HTTPS itself (docs/deploy.md).
        "SSL_REDIRECT_BY_PROXY": "true",
        "NOKRABOB_VAR_DIR": str(WORK / "var"),
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Servers:
    redis: subprocess.Popen[bytes]
    gunicorn: subprocess.Popen[bytes]
    port: int

    def stop(self) -> None:
        for process in (self.gunicorn, self.redis):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def start_servers(workers: int) -> tuple[Servers, dict[str, str]]:
    redis_port, port = free_port(), free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    env = server_env(redis_port)
    manage(env, "collectstatic", "--noinput", "-v0")
    setup = subprocess.run(
        [sys.executable, "-m", "bench.load.setup", str(WORK / "load.json")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if setup.returncode != 0:
        redis.terminate()
        raise SystemExit(f"setup failed:\n{setup.stdout}\n{setup.stderr}")
    print(setup.stdout.strip(), flush=True)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    servers = Servers(redis, gunicorn, port)
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        servers.stop()
        raise SystemExit("gunicorn did not start")
    return servers, env


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of each of gunicorn's workers (the master's children), from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            continue
    return sorted(sizes)


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(master: int) -> dict[str, dict[int, float]]:
    """Processor seconds so far of gunicorn's workers and of the PostgreSQL backends of the benchmark's
    database: the cost of the requests, which the machine's other load does not change much."""
    workers = [
        int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit() and _parent(int(e.name)) == master
    ]
    import psycopg

    with psycopg.connect(PG_URL.replace(f"/{PG_DB}", "/postgres"), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [PG_DB]
        ).fetchall()
    return {"app": {p: _cpu(p) for p in workers}, "db": {r[0]: _cpu(r[0]) for r in rows}}


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    return {
        side: sum(seconds - before[side].get(pid, 0.0) for pid, seconds in after[side].items())
        for side in ("app", "db")
    }


# ── the client side ────────────────────────────────────────────────────────────────────────────────


@dataclass
class Result:
    kind: str
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Phase:
    name: str
    results: list[Result] = field(default_factory=list)
    elapsed: float = 0.0
    load_before: str = ""
    load_after: str = ""
    memory: list[tuple[float, list[float]]] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)


@dataclass
class SimUser:
    username: str
    district: str
    staff: aiohttp.ClientSession
    citizen: aiohttp.ClientSession
    address: str


Kind = Callable[[SimUser, random.Random], Awaitable[Result]]


class Client:
    def __init__(self, base: str, plan: dict[str, object]) -> None:
        self.base = base
        self.plan = plan
        self.names: dict[str, list[list[str]]] = plan["names"]  # type: ignore[assignment]
        self.forms: list[list[str]] = plan["forms"]  # type: ignore[assignment]
        self.side: list[Result] = []  # the form page each registration opens before it posts

    async def timed(
        self, kind: str, session: aiohttp.ClientSession, method: str, url: str, expect: int, **kwargs: object
    ) -> tuple[Result, str]:
        started = time.perf_counter()
        try:
            async with session.request(method, self.base + url, allow_redirects=False, **kwargs) as r:  # type: ignore[arg-type]
                body = await r.text()
                ok = r.status == expect
                detail = "" if ok else f"{r.status} {url}"
        except (TimeoutError, aiohttp.ClientError) as exc:
            body, ok, detail = "", False, f"{type(exc).__name__} {url}"
        return Result(kind, time.perf_counter() - started, ok, detail), body

    async def login(self, user: SimUser) -> None:
        _r, page = await self.timed("login_form", user.staff, "GET", "/accounts/login/", 200)
        token = CSRF_FIELD.search(page)
        data = {
            "username": user.username,
            "password": self.plan["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        result, _body = await self.timed("login", user.staff, "POST", "/accounts/login/", 302, data=data)
        if not result.ok:
            raise SystemExit(f"login of {user.username} failed: {result.detail}")

    # The request kinds of the mix.
    async def search(self, user: SimUser, rng: random.Random) -> Result:
        first, last = rng.choice(self.names.get(user.district) or self.names[""])
        query = f"/registry/?q={first}+{last}"
        return (await self.timed("search", user.staff, "GET", query, 200))[0]

    async def list_page(self, user: SimUser, rng: random.Random) -> Result:
        return (await self.timed("list", user.staff, "GET", f"/registry/?page={rng.randint(1, 5)}", 200))[0]

    async def dashboard(self, user: SimUser, rng: random.Random) -> Result:
        return (await self.timed("dashboard", user.staff, "GET", "/reports/", 200))[0]

    async def register(self, user: SimUser, rng: random.Random) -> Result:
        """A citizen opens the QR link and posts the form (a new address for every citizen)."""
        from nokrabob.registry.rules.national_id import make_national_id

        token, _district = rng.choice(self.forms)
        address = {"X-Real-IP": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"}
        url = f"/collection/r/{token}/"
        opened, page = await self.timed("register_form", user.citizen, "GET", url, 200, headers=address)
        self.side.append(opened)
        if not opened.ok:
            return opened
        csrf = CSRF_FIELD.search(page)
        data = {
            "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
            "national_id": make_national_id(f"3{rng.randrange(10**10, 10**11)}"),
            "title": "นาย",
            "first_name": "ทดสอบ",
            "last_name": f"โหลด{rng.randrange(10**6)}",
            "sex": "M",
            "birth_date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2510, 2545)}",
            "phone": f"08{rng.randrange(10**7, 10**8)}",
            "house_no": str(rng.randrange(1, 300)),
            "occupation": self.plan["occupation"],
            "consent": "on",
            "q_has_s40": "no",
            "q_want_s40": "yes",
            "q_work_years": "5",
            "q_savings": "save",
        }
        return (
            await self.timed("register_post", user.citizen, "POST", url, 302, data=data, headers=address)
        )[0]

    async def health(self, user: SimUser, rng: random.Random) -> Result:
        return (await self.timed("health", user.citizen, "GET", "/health/", 200))[0]

    async def bare(self, user: SimUser, rng: random.Random) -> Result:
        return (await self.timed("bare", user.citizen, "GET", "/bench/bare/", 200))[0]


MIX: list[tuple[str, int]] = [("search", 40), ("list_page", 25), ("dashboard", 10), ("register", 25)]
# The same mix without the dashboard, whose counts over the whole registry (seconds each at a million
# people) are being replaced by maintained aggregates: what the rest of the mix does meanwhile.
MIX_NO_DASHBOARD = [kind for kind in MIX if kind[0] != "dashboard"]


async def closed_loop(
    client: Client, users: list[SimUser], seconds: float, kinds: list[tuple[str, int]], name: str, master: int
) -> Phase:
    phase = Phase(name, load_before=load_average())
    cpu_before = server_cpu(master)
    deadline = time.perf_counter() + seconds
    names, weights = [k for k, _w in kinds], [w for _k, w in kinds]

    async def one(user: SimUser, seed: int) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            kind: Kind = getattr(client, rng.choices(names, weights)[0])
            phase.results.append(await kind(user, rng))
            phase.results.extend(client.side)
            client.side.clear()

    async def sample_memory() -> None:
        while time.perf_counter() < deadline:
            phase.memory.append((time.perf_counter() - started, worker_rss_mb(master)))
            await asyncio.sleep(5)

    started = time.perf_counter()
    sampler = asyncio.create_task(sample_memory())
    await asyncio.gather(*(one(u, i) for i, u in enumerate(users)))
    phase.elapsed = time.perf_counter() - started
    await sampler
    phase.memory.append((phase.elapsed, worker_rss_mb(master)))
    phase.cpu = cpu_used(cpu_before, server_cpu(master))
    phase.load_after = load_average()
    return phase


async def sequential(client: Client, user: SimUser, kind: str, n: int, name: str, master: int) -> Phase:
    phase = Phase(name, load_before=load_average())
    cpu_before = server_cpu(master)
    rng = random.Random(1)
    started = time.perf_counter()
    for _ in range(n):
        phase.results.append(await getattr(client, kind)(user, rng))
    phase.elapsed = time.perf_counter() - started
    phase.cpu = cpu_used(cpu_before, server_cpu(master))
    phase.load_after = load_average()
    return phase


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summary(phase: Phase) -> dict[str, Any]:
    kinds: dict[str, dict[str, object]] = {}
    for kind in sorted({r.kind for r in phase.results}):
        rs = [r for r in phase.results if r.kind == kind]
        ms = [r.seconds * 1000 for r in rs]
        kinds[kind] = {
            "n": len(rs),
            "errors": sum(not r.ok for r in rs),
            "rate": len(rs) / phase.elapsed,
            "first_ms": ms[0],
            "p50_ms": pct(ms, 50),
            "p95_ms": pct(ms, 95),
            "p99_ms": pct(ms, 99),
            "max_ms": max(ms),
            "error_samples": sorted({r.detail for r in rs if not r.ok})[:5],
        }
    requests = len([r for r in phase.results if r.kind != "register_form"])
    return {
        "phase": phase.name,
        "seconds": phase.elapsed,
        "requests": len(phase.results),
        "errors": sum(not r.ok for r in phase.results),
        "rate": len(phase.results) / phase.elapsed,
        "actions_rate": requests / phase.elapsed,
        "load_before": phase.load_before,
        "load_after": phase.load_after,
        "kinds": kinds,
        "memory_mb": [(round(t), [round(m) for m in mb]) for t, mb in phase.memory],
        "server_cpu_s": phase.cpu,
        "server_cpu_ms_per_request": {k: v * 1000 / max(1, len(phase.results)) for k, v in phase.cpu.items()},
    }


async def drive(port: int, master: int, args: argparse.Namespace) -> list[dict[str, object]]:
    plan = json.loads((WORK / "load.json").read_text(encoding="utf-8"))
    client = Client(f"http://127.0.0.1:{port}", plan)
    timeout = aiohttp.ClientTimeout(total=180)
    sims: list[SimUser] = []
    for i, u in enumerate(plan["users"][: args.users]):
        jar = aiohttp.CookieJar(unsafe=True)
        sims.append(
            SimUser(
                u["username"],
                u["district"],
                aiohttp.ClientSession(cookie_jar=jar, timeout=timeout),
                aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=timeout),
                f"10.0.0.{i + 1}",
            )
        )
    try:
        for sim in sims:
            await client.login(sim)
        department = [s for s in sims if not s.district]
        out: list[dict[str, object]] = []

        def report(phase: Phase) -> None:
            s = summary(phase)
            out.append(s)
            print(
                f"\n== {s['phase']}: {s['requests']} requests in {phase.elapsed:.1f} s, "
                f"{s['rate']:.1f}/s, errors {s['errors']}, load {s['load_before']} → {s['load_after']}; "
                f"server CPU per request: app {s['server_cpu_ms_per_request']['app']:.1f} ms, "
                f"database {s['server_cpu_ms_per_request']['db']:.1f} ms",
                flush=True,
            )
            for kind, k in s["kinds"].items():
                print(
                    f"   {kind:14} n={k['n']:6} err={k['errors']} {k['rate']:7.1f}/s "
                    f"first {k['first_ms']:7.0f} p50 {k['p50_ms']:6.0f} p95 {k['p95_ms']:6.0f} "
                    f"p99 {k['p99_ms']:6.0f} max {k['max_ms']:6.0f} ms "
                    f"{k['error_samples'] or ''}",
                    flush=True,
                )

        # One user, one request at a time: the page's own cost right after the import.
        report(await sequential(client, department[0], "list_page", args.single, "single: list page", master))
        report(await sequential(client, department[0], "search", args.single, "single: name search", master))
        # Issue 16: 20 closed-loop connections, the search against /health/ in the same run.
        twenty = department[:20]
        report(
            await closed_loop(client, twenty, args.short, [("search", 1)], "20 connections: search", master)
        )
        report(
            await closed_loop(client, twenty, args.short, [("health", 1)], "20 connections: /health/", master)
        )
        # Issue 14: the mix by all the users, then the bare view and /health/ by as many.
        report(await closed_loop(client, sims, args.minutes * 60, MIX, f"{len(sims)} users: mix", master))
        if args.minutes_without_dashboard:
            report(
                await closed_loop(
                    client,
                    sims,
                    args.minutes_without_dashboard * 60,
                    MIX_NO_DASHBOARD,
                    f"{len(sims)} users: mix without dashboards",
                    master,
                )
            )
        report(
            await closed_loop(
                client, sims, args.short, [("bare", 1)], f"{len(sims)} users: bare view", master
            )
        )
        report(
            await closed_loop(
                client, sims, args.short, [("health", 1)], f"{len(sims)} users: /health/", master
            )
        )
        return out
    finally:
        for sim in sims:
            await sim.staff.close()
            await sim.citizen.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-import", action="store_true", help="reuse the database of the last run")
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the mix")
    parser.add_argument("--minutes-without-dashboard", type=float, default=3.0)
    parser.add_argument("--short", type=float, default=45.0, help="seconds of each other closed-loop phase")
    parser.add_argument("--single", type=int, default=20, help="one-at-a-time requests per page")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docs/deploy.md: 4)")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    imported = None if args.no_import else build_database(args.rows)
    print(f"started {started}, load {load_average()}, import: {imported}", flush=True)
    servers, _env = start_servers(args.workers)
    try:
        phases = asyncio.run(drive(servers.port, servers.gunicorn.pid, args))
    finally:
        servers.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "started": started,
        "finished": time.strftime("%H:%M:%S UTC", time.gmtime()),
        "import": imported,
        "client_cpu_seconds": usage.ru_utime + usage.ru_stime,
        "args": vars(args),
        "phases": phases,
    }
    out = WORK / f"load-{time.strftime('%H%M%S', time.gmtime())}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print_ratios(phases)
    print(f"\nclient processor time {result['client_cpu_seconds']:.0f} s; results → {out}")


def print_ratios(phases: list[dict[str, Any]]) -> None:
    by = {str(p["phase"]): p for p in phases}
    search20 = by["20 connections: search"]
    health20 = by["20 connections: /health/"]
    bare = next(p for n, p in by.items() if n.endswith(": bare view"))
    health50 = next(p for n, p in reversed(by.items()) if n.endswith(": /health/"))
    print("\nRatios measured in this run:")
    print(
        f"  20 connections: search {search20['rate']:.1f}/s ÷ /health/ {health20['rate']:.1f}/s = "
        f"{float(search20['rate']) / float(health20['rate']):.2f} (goal ≥ 0.33)"
    )  # type: ignore[arg-type]
    for name, mix in by.items():
        if ": mix" in name:
            print(
                f"  {name}: {mix['rate']:.1f} requests/s ÷ bare view {bare['rate']:.1f}/s = "
                f"{mix['rate'] / bare['rate']:.2f} (goal ≥ 0.50); /health/ {health50['rate']:.1f}/s"
            )


if __name__ == "__main__":
    main()
