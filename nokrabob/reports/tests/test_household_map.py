"""A household's coordinates appear as a point on its district's map, never as bare numbers; another
district's household answers 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.registry.services_outreach import household_create

pytestmark = pytest.mark.django_db


def _household(district: str, **extra):  # type: ignore[no-untyped-def]
    return household_create(actor=None, fields={"house_no": "99/1", "district_code": district, **extra})


def test_household_page_shows_its_place_on_the_district_map(client, make_user):
    household = _household("1001", latitude=Decimal("13.756331"), longitude=Decimal("100.501762"))
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    html = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    assert 'data-testid="household-map"' in html and "<svg" in html
    assert "13.756331" not in html and "100.501762" not in html  # no raw coordinates
    assert "Boundaries" in html  # the boundaries' attribution is drawn with the map


def test_household_without_coordinates_has_no_map(client, make_user):
    household = _household("1001")
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    html = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    assert 'data-testid="household-map"' not in html and "ยังไม่มีพิกัด" in html


def test_another_districts_household_map_is_not_reached(client, make_user):
    household = _household("1006", latitude=Decimal("13.77"), longitude=Decimal("100.64"))
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    assert client.get(reverse("registry:household_detail", args=[household.pk])).status_code == 404
    client.force_login(make_user(Role.PROVINCIAL_STAFF))
    assert client.get(reverse("registry:household_detail", args=[household.pk])).status_code == 404
