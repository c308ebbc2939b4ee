"""Incomes the column cannot hold are cleared, then refused by a check constraint.

SQLite stored any number an import sent (an income of 23 digits became 1.2e22), and every page that then
read such a person failed. The amount was never faithful, so it is cleared (the person keeps everything
else), in the history table too; from now on the database refuses it, and the import reports it as a row
error before it gets there.
"""

from decimal import Decimal

from django.db import migrations, models

LIMIT = 10**8  # monthly_income: max_digits=10, decimal_places=2


def clear_unstorable_incomes(apps, schema_editor):
    for table in ("registry_person", "registry_historicalperson"):
        schema_editor.execute(
            f"UPDATE {table} SET monthly_income = NULL WHERE monthly_income >= %s OR monthly_income < 0",
            [LIMIT],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_recompute_sound_keys"),
    ]

    operations = [
        migrations.RunPython(clear_unstorable_incomes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("monthly_income__isnull", True), models.Q(("monthly_income__gte", 0), ("monthly_income__lt", Decimal("100000000"))), _connector="OR"),
                name="person_income_in_range",
            ),
        ),
    ]
