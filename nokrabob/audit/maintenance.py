"""The database refuses UPDATE, DELETE and TRUNCATE on the audit table; this is the one way around it.

Triggers (migration 0004) raise unless the transaction has opened maintenance: on PostgreSQL the
transaction-local setting ``nokrabob.audit_maintenance = 'on'``, on SQLite a row in the plain table
``audit_maintenance`` (not a Django model, so ``flush`` leaves it alone), inserted and removed in the same
transaction. Used only by the ``flush`` command where settings.AUDIT_FLUSH_EMPTIES_TRAIL allows it (the test
suite's transactional tests) and by tests that tamper with the trail on purpose. Whoever holds the
application's database role can open it too: the trigger stops accidents and casual edits, the hash chain
(``audit_verify``) shows the rest. See docs/adr/0005-audit-trail-enforced-and-chained.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

TABLE = "audit_auditevent"
_REFUSED = "audit events are append-only"

POSTGRESQL_ON = f"""
CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('nokrabob.audit_maintenance', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    -- Deleting a user nulls actor_id (on_delete=SET_NULL); nothing else about the row may change.
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{_REFUSED}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only();
"""
POSTGRESQL_OFF = f"""
DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};
DROP FUNCTION IF EXISTS {TABLE}_append_only();
"""

# Every column but actor_id must stay the same for an UPDATE to pass (SQLite has no row-to-JSON).
_KEPT: tuple[str, ...] = ("id", "at", "actor_name", "action", "target_type", "target_id", "target_label")
_KEPT += ("changes", "ip_address", "prev_hash", "row_hash")
_SAME = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in _KEPT)
SQLITE_ON = [
    "CREATE TABLE IF NOT EXISTS audit_maintenance (id integer PRIMARY KEY)",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance)
    BEGIN SELECT RAISE(ABORT, '{_REFUSED}: DELETE refused'); END""",  # noqa: S608 - constants only
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance)
      AND NOT (NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL AND {_SAME})
    BEGIN SELECT RAISE(ABORT, '{_REFUSED}: UPDATE refused'); END""",  # noqa: S608 - constants only
]
SQLITE_OFF = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
    "DROP TABLE IF EXISTS audit_maintenance",
]


@contextmanager
def audit_maintenance(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction in which the audit table may be changed. Not for the application's own flows."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('nokrabob.audit_maintenance', 'on', true)")
            yield
            cursor.execute("SELECT set_config('nokrabob.audit_maintenance', '', true)")
        elif connection.vendor == "sqlite":
            cursor.execute("INSERT OR IGNORE INTO audit_maintenance (id) VALUES (1)")
            yield
            cursor.execute("DELETE FROM audit_maintenance")
        else:  # pragma: no cover - no trigger on other engines
            yield
