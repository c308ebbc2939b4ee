"""Load what seeds 002 and 003 show: project 24000000-3029 and the FY 2565 round tables."""

from django.core.management.base import BaseCommand

from nokrabob.projects.fixtures import load_round_tables, load_seed_project
from nokrabob.projects.seed import ROUND_TABLES_FISCAL_YEAR


class Command(BaseCommand):
    help = "Load project 24000000-3029 (seed 002) and the provincial round tables (seed 003)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--round-tables-year",
            type=int,
            action="append",
            help="also store the round tables for this fiscal year (BE); may be repeated",
        )

    def handle(self, *args: object, **options: object) -> None:
        project = load_seed_project()
        self.stdout.write(
            f"project {project.code}: {project.progress_entries.count()} progress entries, "
            f"{project.steps.count()} plan steps, {project.outputs.count()} outputs"
        )
        years = [ROUND_TABLES_FISCAL_YEAR, *(options.get("round_tables_year") or [])]  # type: ignore[misc]
        for year in years:
            rows = load_round_tables(year)
            self.stdout.write(f"round tables FY {year}: {rows} levels")
