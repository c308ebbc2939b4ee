"""/api/v1/: the agency API (token or session). Paths are listed in docs/api.md and docs/security.md."""

from __future__ import annotations

from django.urls import path

from nokrabob.api.bulk import StatusCheck
from nokrabob.api.people import PersonDetail, PersonList, PersonSearch

urlpatterns = [
    path("people/", PersonList.as_view(), name="people"),
    path("people/search/", PersonSearch.as_view(), name="people_search"),
    path("people/status-check/", StatusCheck.as_view(), name="people_status_check"),
    path("people/<int:pk>/", PersonDetail.as_view(), name="person"),
]
