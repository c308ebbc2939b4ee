from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "nokrabob.imports"
    label = "imports"
    verbose_name = _("นำเข้าและส่งออกข้อมูล")
