"""A throw-away PostgreSQL primary and a streaming replica made with ``pg_basebackup -R``, in a temporary
folder on free loopback ports, so the test depends on nothing in the system server's settings."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def why_not_available() -> str:
    """'' when a cluster can be made here, else the reason (for the skip message)."""
    if _bin_dir() is None:
        return "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: initdb refuses root"
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the servers as"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    root: Path
    primary_port: int
    replica_port: int

    def url(self, port: int, db: str = "nokrabob") -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{db}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)


def _run(args: list[str]) -> str:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _start(bin_dir: Path, data: Path, port: int, sockets: Path) -> None:
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} -c fsync=off -c shared_buffers=32MB"
    log = str(data.parent / f"{data.name}.log")
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", log, "-w", "-t", "120", "start"])


def start() -> Cluster:
    bin_dir = _bin_dir()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="nokrabob-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    cluster = Cluster(root, _free_port(), _free_port())
    primary, replica, sockets = root / "primary", root / "replica", root
    _run([str(bin_dir / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
          "--locale=C.UTF-8"])  # fmt: skip
    _start(bin_dir, primary, cluster.primary_port, sockets)
    server = ["-h", "127.0.0.1", "-p", str(cluster.primary_port), "-U", "postgres"]
    # Code-point collation, as docs/deploy.md creates the production database.
    create = (
        "CREATE DATABASE nokrabob TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    )
    _run([str(bin_dir / "psql"), *server, "-c", create])
    _run([str(bin_dir / "pg_basebackup"), *server, "-D", str(replica), "-R", "-X", "stream"])
    _start(bin_dir, replica, cluster.replica_port, sockets)
    return cluster


def stop(cluster: Cluster) -> None:
    bin_dir = _bin_dir()
    assert bin_dir is not None
    for name in ("replica", "primary"):
        data = cluster.root / name
        if (data / "postmaster.pid").exists():
            try:
                _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
            except RuntimeError:
                time.sleep(1)
    shutil.rmtree(cluster.root, ignore_errors=True)
