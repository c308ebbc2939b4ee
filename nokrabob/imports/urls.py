from django.urls import path

from nokrabob.imports import views, views_export, views_values

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/mapping/", views.mapping, name="mapping"),
    path("<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("<int:pk>/rollback/", views.job_rollback, name="job_rollback"),
    path("<int:pk>/resume/", views.job_resume, name="job_resume"),
    path("<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("<int:pk>/errors.<str:fmt>", views.error_report_download, name="error_report"),
    path("<int:pk>/values/", views_values.values, name="values"),
    path("<int:pk>/values/map/", views_values.value_map_view, name="value_map"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_action, name="review_action"),
    path("synonyms/", views.synonym_list, name="synonym_list"),
    path("export/", views_export.export, name="export"),
    path("export/<int:pk>/", views_export.export_job, name="export_job"),
    path("export/<int:pk>/download/", views_export.export_download, name="export_download"),
]
