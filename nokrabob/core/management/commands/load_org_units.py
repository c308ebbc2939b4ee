from django.core.management.base import BaseCommand

from nokrabob.core.models import Area, AreaLevel, OrgUnit, UnitKind
from nokrabob.core.reference import load_org_units


class Command(BaseCommand):
    help = "Load (or refresh) provinces, Bangkok districts and sub-districts, and the agencies. Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        result = load_org_units()
        counts = {
            "provinces": Area.objects.filter(level=AreaLevel.PROVINCE).count(),
            "bangkok_districts": Area.objects.filter(level=AreaLevel.DISTRICT).count(),
            "subdistricts": Area.objects.filter(level=AreaLevel.SUBDISTRICT).count(),
            "district_offices": OrgUnit.objects.filter(kind=UnitKind.DISTRICT_OFFICE).count(),
            "provincial_labour_offices": OrgUnit.objects.filter(
                kind=UnitKind.PROVINCIAL_LABOUR_OFFICE
            ).count(),
        }
        summary = ", ".join(f"{k}={v}" for k, v in counts.items())
        self.stdout.write(f"org units: {result.units} units, {result.areas} areas ({summary})")
