"""The database itself refuses UPDATE, DELETE and TRUNCATE on the audit table (nokrabob/audit/maintenance.py)."""

from django.db import migrations

from nokrabob.audit import maintenance


def triggers_on(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(maintenance.POSTGRESQL_ON, None)
    elif vendor == "sqlite":
        for statement in maintenance.SQLITE_ON:
            schema_editor.execute(statement, None)


def triggers_off(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(maintenance.POSTGRESQL_OFF, None)
    elif vendor == "sqlite":
        for statement in maintenance.SQLITE_OFF:
            schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_existing_rows")]

    operations = [migrations.RunPython(triggers_on, triggers_off)]
