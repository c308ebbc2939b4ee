"""``manage.py load_performance_seeds``: indicator 2400-1065 (seed 001), the database indicator (seed 000)
and the FY 2567 agreement's six indicators with weights and level tables (seed 004)."""

from django.core.management.base import BaseCommand

from nokrabob.core.reference import load_org_units
from nokrabob.performance.seeds import load_seeds


class Command(BaseCommand):
    help = "Load the indicators, strategy map and quarterly results that seeds 000, 001 and 004 show."

    def handle(self, *args: object, **options: object) -> None:
        load_org_units()
        load_seeds(stdout=self.stdout)  # type: ignore[arg-type]
        self.stdout.write(self.style.SUCCESS("done"))
