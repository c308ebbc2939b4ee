from django.urls import path

from nokrabob.onemap import views

app_name = "onemap"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/<slug:kind>/", views.upload, name="upload"),
    path("import/<slug:kind>/<slug:token>/", views.columns, name="columns"),
]
