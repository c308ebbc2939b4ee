from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "nokrabob.registry"
    label = "registry"
    verbose_name = _("ทะเบียนแรงงานนอกระบบ")

    def ready(self) -> None:
        from nokrabob.registry import catalogue, tallies

        tallies.connect()
        catalogue.connect()
