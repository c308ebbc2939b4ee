from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("nokrabob.core.urls")),
    path("accounts/", include("nokrabob.accounts.urls")),
    path("audit/", include("nokrabob.audit.urls")),
    path("registry/", include("nokrabob.registry.urls")),
    path("collection/", include("nokrabob.collection.urls")),
    path("imports/", include("nokrabob.imports.urls")),
    path("onemap/", include("nokrabob.onemap.urls")),
    path("performance/", include("nokrabob.performance.urls")),
    path("projects/", include("nokrabob.projects.urls")),
    path("reports/", include("nokrabob.reports.urls")),
    path("statistics/", include("nokrabob.reports.public_urls")),
    path("privacy/", include("nokrabob.privacy.urls")),
    path("deadlines/", include("nokrabob.reminders.urls")),
    path("api/", include("nokrabob.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "nokrabob.core.views.bad_request"
handler500 = "nokrabob.core.views.server_error"
