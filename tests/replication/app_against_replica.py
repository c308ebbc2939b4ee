"""The application against a real primary and replica (run by test_replica.py in its own process, with
DATABASE_URL and DATABASE_REPLICA_URL set): prints what it saw as JSON on its last line."""

from __future__ import annotations

import json
import os
import time

import django


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from nokrabob.accounts.services import unit_by_code, user_create
    from nokrabob.registry.models import Person
    from nokrabob.registry.rules.national_id import make_national_id

    def caught_up() -> None:
        """Wait until the replica has replayed everything the primary wrote so far."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            (lsn,) = cursor.fetchone()
        for _ in range(600):
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0", [lsn])
                if cursor.fetchone()[0]:
                    return
            time.sleep(0.1)
        raise RuntimeError("the replica did not catch up in 60 s")

    def replica_sql(sql: str) -> object:
        with connections["replica"].cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def people_read_on(client: Client, url: str) -> tuple[str, dict[str, int]]:
        """The page, and how many reads of people ran on each database while it was made."""
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            page = client.get(url).content.decode()
        reads = {
            alias: sum('FROM "registry_person"' in q["sql"] for q in captured.captured_queries)
            for alias, captured in (("primary", primary), ("replica", replica))
        }
        return page, reads

    call_command("migrate", verbosity=0)
    call_command("load_org_units", verbosity=0)
    password = "replica-test-Passw0rd!"
    department = unit_by_code("2400")
    writer = user_create(
        actor=None, username="writer", password=password, role="department_staff", unit=department
    )
    reader = user_create(
        actor=None, username="reader", password=password, role="department_staff", unit=department
    )
    caught_up()
    out: dict[str, object] = {"replica_in_recovery": replica_sql("SELECT pg_is_in_recovery()")}
    writing, reading = Client(), Client()
    writing.force_login(writer)
    reading.force_login(reader)
    search = "/registry/?q=บุญมี+รักไทย"

    # Replay paused: from now on the replica does not see the primary's writes.
    caught_up()
    replica_sql("SELECT pg_wal_replay_pause()::text")
    created = writing.post(
        "/registry/new/",
        {
            "national_id": make_national_id("110170099887"), "title": "นาง", "first_name": "บุญมี",
            "last_name": "รักไทย", "sex": "F", "birth_date": "01/05/2523", "phone": "0891234567",
            "district_code": "1001", "subdistrict_code": "100101", "lawful_basis": "public_task",
            "consent_channel": "staff", "has_disability": "unknown",
        },
    )  # fmt: skip
    out["create_status"] = created.status_code
    person = Person.objects.using("default").get(national_id=make_national_id("110170099887"))
    row = f'href="/registry/{person.pk}/"'  # the person's row in a list (the search box repeats the name)
    out["pin_cookie_set"] = "nokrabob_primary" in created.cookies
    page, out["writer_reads"] = people_read_on(writing, search)
    out["writer_sees_own_write"] = row in page
    page, out["reader_reads_paused"] = people_read_on(reading, search)
    out["reader_sees_write_while_paused"] = row in page
    page, out["reader_person_page_reads"] = people_read_on(reading, "/registry/")

    replica_sql("SELECT pg_wal_replay_resume()::text")
    caught_up()
    page, out["reader_reads_resumed"] = people_read_on(reading, search)
    out["reader_sees_write_after_replay"] = row in page

    time.sleep(int(os.environ["REPLICA_PIN_SECONDS"]) + 1)
    page, out["writer_reads_after_pin"] = people_read_on(writing, search)
    out["writer_sees_write_after_pin"] = row in page
    print(json.dumps(out))


if __name__ == "__main__":
    main()
