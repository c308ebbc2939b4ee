"""The REST API. The registry's and the imports' endpoints are in ``v1``; each other app that offers
endpoints defines ``<app>/api.py`` with ``urlpatterns``, mounted here under ``/api/v1/<app label>/``.
Schema at ``/api/schema/``, Swagger UI at ``/api/docs/``."""

from importlib import import_module

from csp.decorators import csp_update
from django.apps import apps
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from nokrabob.api import v1
from nokrabob.api.errors import error_body

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The Swagger UI inserts <style> elements as it draws; that page alone (it shows the API's description,
    # no one's data) allows inline styles. Its script is served as a file (the "split" view).
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("v1/", include((v1.urlpatterns, "v1"))),
]

for _config in apps.get_app_configs():
    if not _config.name.startswith("nokrabob.") or _config.label == "api":
        continue
    try:
        _module = import_module(f"{_config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_config.name}.api":
            raise
        continue
    urlpatterns.append(path(f"v1/{_config.label}/", include((_module.urlpatterns, _config.label))))


@csrf_exempt  # it writes nothing; any method gets the same 404
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """An address under /api/ that names no endpoint (``people/-1/``, ``people/abc/``): the API's 404 in
    its error shape, not the site's HTML page."""
    return JsonResponse(error_body("not_found"), status=404)


urlpatterns.append(re_path(r"^(?P<rest>.*)$", not_found, name="not_found"))
