from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from nokrabob.imports.synonyms_seed import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_pipeline")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
