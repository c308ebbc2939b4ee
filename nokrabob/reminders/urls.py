from django.urls import path

from nokrabob.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.my_deadlines, name="my_deadlines"),
]
