from django.urls import path

from nokrabob.reports import views, views_public

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("summary.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("summary.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("publish/", views_public.publish, name="publish"),
]
