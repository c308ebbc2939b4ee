from django.db import migrations


def load_reference(apps, schema_editor):
    from nokrabob.registry.reference import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
