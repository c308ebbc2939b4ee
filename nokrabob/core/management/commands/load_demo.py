"""Load the demo data set once: each app that has a ``demo`` module with ``load(stdout)`` adds its part.

Apps run in INSTALLED_APPS order, so the registry's people come after the accounts' users. A marker row
makes a second run do nothing unless ``--force`` is given.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from nokrabob.core.models import DemoMarker
from nokrabob.core.reference import load_org_units


class Command(BaseCommand):
    help = "Load the demo data set (users for every role, people, indicators …) once."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--force", action="store_true", help="load again even if loaded before")

    def handle(self, *args: object, **options: object) -> None:
        if DemoMarker.objects.exists() and not options["force"]:
            self.stdout.write("demo data already loaded (use --force to load again)")
            return
        load_org_units()
        for config in apps.get_app_configs():
            if not config.name.startswith("nokrabob."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        DemoMarker.objects.get_or_create(pk=1)
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
