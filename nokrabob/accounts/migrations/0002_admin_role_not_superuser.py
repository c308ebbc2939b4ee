"""The admin role stops being a Django superuser (docs/adr/0425): users given the role by the old
``user_create``/``user_update`` lose ``is_superuser`` and ``is_staff``. Superusers made with
``createsuperuser`` never had the admin role and are left alone."""

from django.db import migrations


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    User.objects.filter(role="admin").update(is_superuser=False, is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
