from django.apps import AppConfig


class OnemapConfig(AppConfig):
    name = "nokrabob.onemap"
    verbose_name = "One Map"
