"""The reference lists of the registry's filters, kept in the cache: never stale after an edit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.registry.catalogue import KEY, filter_choices
from nokrabob.registry.models import Occupation, Scheme, SchemeRule

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


def codes(choices):
    return [code for code, _name in choices]


def test_read_once_then_from_the_cache(django_assert_num_queries):
    with django_assert_num_queries(3):
        occupations, schemes, with_rules = filter_choices(TODAY)
    assert codes(occupations)[:2] == ["moto_taxi", "street_vendor"]
    assert "s40" in codes(schemes) and codes(with_rules) == ["s40", "nsf"]
    with django_assert_num_queries(0):
        assert filter_choices(TODAY) == (occupations, schemes, with_rules)


def test_another_day_reads_the_rules_again():
    filter_choices(TODAY)
    assert codes(filter_choices(dt.date(2013, 1, 1))[2]) == ["s40"]  # before กอช.'s rule began


def test_an_occupation_saved_or_deleted_is_seen_at_once():
    filter_choices(TODAY)
    farmer = Occupation.objects.get(code="farmer")
    farmer.name_th = "เกษตรกรรายย่อย"
    farmer.save()
    assert ("farmer", "เกษตรกรรายย่อย") in filter_choices(TODAY)[0]
    farmer.is_active = False
    farmer.save()
    assert "farmer" not in codes(filter_choices(TODAY)[0])
    extra = Occupation.objects.create(code="weaver", name_th="ช่างทอผ้า", name_en="Weaver", sort_order=99)
    assert codes(filter_choices(TODAY)[0])[-1] == "weaver"
    extra.delete()
    assert "weaver" not in codes(filter_choices(TODAY)[0])


def test_a_scheme_or_its_rule_saved_or_deleted_is_seen_at_once():
    filter_choices(TODAY)
    nsf = Scheme.objects.get(code="nsf")
    nsf.is_active = False
    nsf.save()
    assert "nsf" not in codes(filter_choices(TODAY)[1])
    assert "nsf" not in codes(filter_choices(TODAY)[2])
    nsf.is_active = True
    nsf.save()
    rule = SchemeRule.objects.get(scheme=nsf)
    rule.valid_to = dt.date(2025, 1, 1)
    rule.save()
    assert codes(filter_choices(TODAY)[2]) == ["s40"]
    rule.delete()
    rule.pk = None
    rule.valid_to = None
    rule.save()
    assert codes(filter_choices(TODAY)[2]) == ["s40", "nsf"]


def test_a_page_read_during_the_edit_does_not_keep_the_old_list(django_capture_on_commit_callbacks):
    """Another worker may read the lists between the save and the commit: the commit drops them again."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Occupation.objects.filter(code="farmer").get().delete()
        stale = {"on": TODAY, "occupations": (("farmer", "เกษตรกร"),), "schemes": (), "with_rules": ()}
        cache.set(KEY, stale)
    assert "farmer" not in codes(filter_choices(TODAY)[0])


def test_the_list_page_shows_an_admin_edit_at_once(client, make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = reverse("registry:person_list")
    assert "ผู้ค้าหาบเร่-แผงลอย" in client.get(page).content.decode()
    vendor = Occupation.objects.get(code="street_vendor")
    change = reverse("admin:registry_occupation_change", args=[vendor.pk])
    opened = client.get(change)
    assert opened.status_code == 200
    form = opened.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else "" if v in (None, False) else v) for k, v in data.items()}
    data["name_th"] = "ผู้ค้าแผงลอยริมทาง"
    assert client.post(change, data).status_code == 302
    html = client.get(page).content.decode()
    assert "ผู้ค้าแผงลอยริมทาง" in html and "ผู้ค้าหาบเร่-แผงลอย" not in html
