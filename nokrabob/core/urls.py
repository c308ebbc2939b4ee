from django.urls import path

from nokrabob.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("preferences/digits/", views.set_digits, name="set_digits"),
]
