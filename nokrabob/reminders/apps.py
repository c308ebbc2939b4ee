from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "nokrabob.reminders"
    label = "reminders"
    verbose_name = _("การแจ้งเตือนกำหนดส่ง")
