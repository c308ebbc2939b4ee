from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "nokrabob.core"
    label = "core"
    verbose_name = _("ข้อมูลพื้นฐาน")
