"""The audit table is append-only in the database itself, and each row is chained to the one before.

Runs on both engines (SQLite by default, PostgreSQL with DATABASE_URL): the triggers differ, the promise not.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from nokrabob.accounts.models import Role
from nokrabob.audit import chain
from nokrabob.audit.maintenance import audit_maintenance
from nokrabob.audit.models import AuditEvent
from nokrabob.audit.selectors import verify_chain
from nokrabob.audit.services import audit_record

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def events(district_user):
    written = [
        audit_record(actor=district_user, action="view", target_type="registry.person", target_id=n)
        for n in range(1, 4)
    ]
    written.append(
        audit_record(actor=None, action="export", changes={"rows": 2.0, "filter": {"b": [1], "a": "ก"}})
    )
    return written


def _raw(sql: str, params: list[Any] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "column, value",
    [
        ("action", "delete"),
        ("actor_name", "someone-else"),
        ("target_id", "999"),
        ("changes", "{}"),
        ("at", "2020-01-01 00:00:00"),
        ("row_hash", "0" * 64),
        ("prev_hash", "0" * 64),
    ],
)
def test_a_raw_update_of_any_column_is_refused_by_the_database(events, column, value):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, events[0].pk])
    assert AuditEvent.objects.get(pk=events[0].pk).action == "view"


def test_a_raw_delete_is_refused_by_the_database(events):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])
    assert AuditEvent.objects.count() == len(events)


def test_truncate_is_refused_on_postgresql(events):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite empties a table with DELETE, refused above")
    _raw("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts leave deferred FK checks pending
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"TRUNCATE {TABLE} CASCADE")
    assert AuditEvent.objects.count() == len(events)


def test_deleting_a_user_only_unlinks_their_rows_and_the_chain_holds(events, district_user):
    """on_delete=SET_NULL: the trigger lets actor_id go to NULL, nothing else; actor_name is the evidence."""
    name = district_user.get_username()
    district_user.delete()
    row = AuditEvent.objects.get(pk=events[0].pk)
    assert (row.actor_id, row.actor_name) == (None, name)
    assert verify_chain().intact


def test_setting_actor_to_another_user_is_refused(events, make_user):
    other = make_user(Role.ADMIN)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {TABLE} SET actor_id = %s WHERE id = %s", [other.pk, events[0].pk])


def test_the_chain_links_each_row_to_the_one_before(events):
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].prev_hash == chain.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash
    assert len({row.row_hash for row in rows}) == len(rows)


def test_audit_verify_reports_intact_then_the_edited_row(events):
    out = call_command_output()
    assert f"chain intact: {len(events)} rows" in out
    with audit_maintenance():
        _raw(f"UPDATE {TABLE} SET target_id = %s WHERE id = %s", ["42", events[2].pk])
    with pytest.raises(CommandError, match=f"chain broken at audit event {events[2].pk} .*no longer match"):
        call_command("audit_verify")
    # The escape hatch closed with its transaction: the database refuses again.
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {TABLE} SET target_id = %s WHERE id = %s", ["43", events[2].pk])


def test_audit_verify_reports_the_row_after_a_deleted_one(events):
    with audit_maintenance():
        _raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])
    report = verify_chain()
    assert (report.broken_id, report.reason, report.checked) == (events[2].pk, "link", 1)
    with pytest.raises(CommandError, match=f"chain broken at audit event {events[2].pk} .*does not follow"):
        call_command("audit_verify")


def test_the_dpo_page_shows_intact_then_the_broken_row(client, events, make_user):
    client.force_login(make_user(Role.DPO))
    page = client.get(reverse("audit:chain_check")).content.decode()
    assert 'data-chain="intact"' in page
    with audit_maintenance():
        _raw(f"UPDATE {TABLE} SET changes = %s WHERE id = %s", ['{"rows": 3}', events[3].pk])
    page = client.get(reverse("audit:chain_check")).content.decode()
    assert f'data-broken-id="{events[3].pk}"' in page


def test_the_login_flow_still_writes_chained_rows(client, district_user):
    from conftest import TEST_PASSWORD

    client.post(reverse("accounts:login"), {"username": district_user.username, "password": TEST_PASSWORD})
    client.post(reverse("accounts:logout"))
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-2:] == [
        "login",
        "logout",
    ]
    assert verify_chain().intact


def call_command_output() -> str:
    import io

    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()
