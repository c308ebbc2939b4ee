from django.urls import path

from nokrabob.performance import agreement_views, views

app_name = "performance"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_form, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/pdf/", views.indicator_pdf, name="indicator_pdf"),
    path("indicators/<int:pk>/edit/", views.indicator_form, name="indicator_edit"),
    path("indicators/<int:pk>/drilldown/", views.drilldown, name="drilldown"),
    path("indicators/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("indicators/<int:pk>/quarters/<int:quarter>/result/", views.result_edit, name="result_edit"),
    path("indicators/<int:pk>/quarters/<int:quarter>/assess/", views.assessment_edit, name="assessment_edit"),
    path("indicators/<int:pk>/quarters/<int:quarter>/reopen/", views.quarter_reopen, name="quarter_reopen"),
    path("indicators/<int:pk>/quarters/<int:quarter>/close/", views.quarter_close, name="quarter_close"),
    path("agreements/<int:pk>/", agreement_views.agreement_summary, name="agreement_summary"),
    path("agreements/<int:pk>/pdf/", agreement_views.agreement_pdf, name="agreement_pdf"),
    path("indicators/<int:pk>/plan/", agreement_views.action_plan_edit, name="action_plan_edit"),
    path("indicators/<int:pk>/plan/<int:number>/", agreement_views.step_progress, name="step_progress"),
    path("strategy/", views.strategy_map, name="strategy_map"),
    path("milestones/", views.milestone_list, name="milestone_list"),
]
