from django.urls import path

from nokrabob.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("chain/", views.chain_check, name="chain_check"),
    path("who-saw/", views.who_saw, name="who_saw"),
    path("access-report/", views.breach, name="breach"),
]
