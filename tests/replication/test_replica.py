"""Reads from a streaming replica, with a user's own writes read from the primary (docs/scale.md).

Starts a real PostgreSQL primary and a replica made by ``pg_basebackup -R`` on free ports, runs the app
against both in its own process, pauses the replica's replay, and checks who reads what. Runs where the
suite runs on PostgreSQL; skipped on SQLite and where no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.replication import cluster

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def primary_and_replica():
    if connection.vendor != "postgresql":
        pytest.skip("the replica test runs with the suite on PostgreSQL (set DATABASE_URL)")
    reason = cluster.why_not_available()
    if reason:
        pytest.skip(reason)
    started = cluster.start()
    try:
        yield started
    finally:
        cluster.stop(started)


def test_reads_go_to_the_replica_and_a_writer_reads_their_own_write(primary_and_replica):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_", "TEST_DATABASE"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": primary_and_replica.primary_url,
        "DATABASE_REPLICA_URL": primary_and_replica.replica_url,
        "REPLICA_PIN_SECONDS": "3",
        "ALLOWED_HOSTS": "testserver",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.replication.app_against_replica"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    print(seen)  # shown when an assertion fails

    assert seen["replica_in_recovery"] is True
    assert seen["create_status"] == 302 and seen["pin_cookie_set"]
    # The writer's next page reads the primary and shows what they just saved...
    assert seen["writer_sees_own_write"]
    assert seen["writer_reads"]["primary"] > 0 and seen["writer_reads"]["replica"] == 0
    # ...while another officer's list and search read the replica, which has not replayed it yet.
    assert not seen["reader_sees_write_while_paused"]
    assert seen["reader_reads_paused"]["replica"] > 0 and seen["reader_reads_paused"]["primary"] == 0
    assert (
        seen["reader_person_page_reads"]["replica"] > 0 and seen["reader_person_page_reads"]["primary"] == 0
    )
    # Once the replica has replayed it, everyone sees it; after the pin the writer reads the replica too.
    assert seen["reader_sees_write_after_replay"]
    assert seen["reader_reads_resumed"]["replica"] > 0
    assert seen["writer_sees_write_after_pin"]
    assert seen["writer_reads_after_pin"]["replica"] > 0 and seen["writer_reads_after_pin"]["primary"] == 0
