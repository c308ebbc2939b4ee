from django.urls import path

from nokrabob.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_new, name="request_new"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/data.json", views.subject_access_file, name="subject_access_file"),
    path("<int:pk>/letter.pdf", views.subject_access_letter, name="subject_access_letter"),
]
