from django.urls import path

from nokrabob.reports import views_public

app_name = "statistics"
urlpatterns = [
    path("", views_public.statistics, name="page"),
    path("files/<str:name>", views_public.statistics_file, name="file"),
]
