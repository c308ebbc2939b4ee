from django.urls import path

from nokrabob.projects import plan_views, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/pdf/", views.project_pdf, name="project_pdf"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/steps/", views.project_steps, name="project_steps"),
    path("<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("<int:pk>/assess/", views.project_assess, name="project_assess"),
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/new/", plan_views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/activities/", plan_views.plan_activities, name="plan_activities"),
    path("plans/<int:pk>/months/<int:month>/", plan_views.monthly_report, name="monthly_report"),
    path("plans/<int:pk>/disbursements/", plan_views.disbursements_upload, name="disbursements_upload"),
    path("plans/<int:pk>/yearly/", plan_views.yearly_report, name="yearly_report"),
    path("plans/<int:pk>/yearly.pdf", plan_views.yearly_report_pdf, name="yearly_report_pdf"),
    path("reporting/", plan_views.reporting_grid, name="reporting_grid"),
    path("reporting.xlsx", plan_views.reporting_xlsx, name="reporting_xlsx"),
    path("rounds/", plan_views.round_scores, name="round_scores"),
]
