from django.urls import path

from nokrabob.collection import views, views_public, views_review

app_name = "collection"
urlpatterns = [
    # Staff
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create_view, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit_view, name="campaign_edit"),
    path("campaigns/<int:pk>/targets/", views.campaign_targets, name="campaign_targets"),
    path("campaigns/<int:pk>/questions/import/", views.questions_import, name="questions_import"),
    path("campaigns/<int:pk>/questions/export/", views.questions_export, name="questions_export"),
    path("campaigns/<int:pk>/entry/", views.staff_entry, name="staff_entry"),
    path("districts/<int:cd_pk>/qr.png", views.poster_png, name="poster_png"),
    path("districts/<int:cd_pk>/poster.pdf", views.poster_pdf, name="poster_pdf"),
    path("review/", views_review.queue, name="review_queue"),
    path("review/decide/", views_review.decide_many, name="review_decide_many"),
    path("review/<int:pk>/", views_review.detail, name="review_detail"),
    path("review/<int:pk>/decide/", views_review.decide, name="review_decide"),
    # Public (no login)
    path("r/<str:token>/", views_public.public_form, name="public_form"),
    path("r-done/", views_public.public_done, name="public_done"),
    path("status/", views_public.status_lookup, name="status_lookup"),
    path("status/view/", views_public.status_detail, name="status_detail"),
    path("status/correct/", views_public.status_correct, name="status_correct"),
]
