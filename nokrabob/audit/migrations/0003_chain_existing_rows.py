"""Chain the rows written before the hash chain existed, in id order (before the triggers forbid UPDATE)."""

from django.db import migrations

from nokrabob.audit import chain


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous = chain.GENESIS
    fields = ("id", *chain.HASHED_FIELDS)
    for row in AuditEvent.objects.using(schema_editor.connection.alias).order_by("id").values(*fields).iterator():
        digest = chain.row_hash(row, previous)
        AuditEvent.objects.using(schema_editor.connection.alias).filter(pk=row["id"]).update(
            prev_hash=previous, row_hash=digest
        )
        previous = digest


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_fields")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
