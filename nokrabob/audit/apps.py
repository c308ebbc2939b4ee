from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "nokrabob.audit"
    label = "audit"
    verbose_name = _("บันทึกการใช้งาน")

    def ready(self) -> None:
        from nokrabob.audit import signals  # noqa: F401
