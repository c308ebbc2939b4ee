"""/api/v1/: the agency API (token or session). Paths are listed in docs/api.md and docs/security.md."""

from __future__ import annotations

from django.urls import path

from nokrabob.api import imports, person_parts
from nokrabob.api.bulk import StatusCheck
from nokrabob.api.people import PersonDetail, PersonList, PersonSearch

urlpatterns = [
    path("people/", PersonList.as_view(), name="people"),
    path("people/search/", PersonSearch.as_view(), name="people_search"),
    path("people/status-check/", StatusCheck.as_view(), name="people_status_check"),
    path("people/<int:pk>/", PersonDetail.as_view(), name="person"),
    path("people/<int:pk>/occupations/", person_parts.PersonOccupations.as_view(), name="person_occupations"),
    path("people/<int:pk>/welfare/", person_parts.PersonWelfare.as_view(), name="person_welfare"),
    path("people/<int:pk>/consents/", person_parts.PersonConsents.as_view(), name="person_consents"),
    path("people/<int:pk>/households/", person_parts.PersonHouseholds.as_view(), name="person_households"),
    path("imports/", imports.BatchList.as_view(), name="imports"),
    path("imports/<int:pk>/", imports.BatchDetail.as_view(), name="import"),
    path("imports/<int:pk>/mapping/", imports.BatchMapping.as_view(), name="import_mapping"),
    path("imports/<int:pk>/start/", imports.BatchStart.as_view(), name="import_start"),
    path("imports/<int:pk>/errors/", imports.BatchErrors.as_view(), name="import_errors"),
    path("imports/<int:pk>/values/", imports.BatchValues.as_view(), name="import_values"),
]
