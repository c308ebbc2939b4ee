"""National IDs: masked (x-xxxx-xxxxx-xx-N) for the roles that do not need them — the policy office
and the assessor — on every page that shows one; in full for the roles that register people and for the
data protection officer (``accounts.scope.may_see_full_national_id``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.registry.national_id import format_national_id, mask_national_id

from .world import World

pytestmark = pytest.mark.django_db

# (role key, area whose record they read): each role reads the area through its scope.
MASKED = [("policy", "cm"), ("assessor", "1006"), ("assessor", "lp")]
FULL = [("dpo", "1006"), ("d1006", "1006"), ("cm", "cm"), ("dept", "1001")]


def _pages(world: World, area_key: str) -> list[str]:
    area = world.area(area_key)
    return [
        reverse("registry:person_list") + f"?q=ทอง{area.word}",
        reverse("registry:person_detail", args=[area.person.pk]),
        reverse("registry:person_detail", args=[area.person.pk]) + "?tab=history",
        reverse("registry:household_detail", args=[area.household.pk]),
        reverse("performance:drilldown", args=[world.indicator.pk]),
        reverse("collection:review_detail", args=[area.submission.pk]),
    ]


@pytest.mark.parametrize(("viewer", "area_key"), MASKED)
def test_roles_without_the_need_see_masked_ids_everywhere(client, world, viewer, area_key):
    assert not may_see_full_national_id(world.user(viewer))
    area = world.area(area_key)
    client.force_login(world.user(viewer))
    submitted = area.submission.national_id
    for url in _pages(world, area_key):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for full in (
            area.national_id,
            format_national_id(area.national_id),
            submitted,
            format_national_id(submitted),
        ):
            assert full not in body, (url, full)
    listing = client.get(reverse("registry:person_list"), {"q": f"ทอง{area.word}"}).content.decode()
    assert mask_national_id(area.national_id) in listing  # the masked form is there: the check can fail


@pytest.mark.parametrize(("viewer", "area_key"), FULL)
def test_roles_that_need_the_id_see_it_in_full(client, world, viewer, area_key):
    assert may_see_full_national_id(world.user(viewer))
    area = world.area(area_key)
    client.force_login(world.user(viewer))
    detail = client.get(reverse("registry:person_detail", args=[area.person.pk])).content.decode()
    assert format_national_id(area.national_id) in detail
