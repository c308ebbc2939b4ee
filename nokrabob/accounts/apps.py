from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nokrabob.accounts"
    label = "accounts"
    verbose_name = _("ผู้ใช้งานและสิทธิ์")

    def ready(self) -> None:
        from nokrabob.accounts import lockout  # noqa: F401
