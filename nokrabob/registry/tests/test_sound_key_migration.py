"""Migration 0005 rewrites the stored sound keys of existing people, range by range, only the stale ones."""

import importlib

import pytest
from django.db import connection

from nokrabob.registry.models import Person
from nokrabob.registry.names import sound_key
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db
migration = importlib.import_module("nokrabob.registry.migrations.0005_recompute_sound_keys")

NAMES = [("สมศักดิ์", "ศรีวรรณ"), ("ณรงค์", "ใบเตย"), ("ประเสริฐ", ""), ("บุญมี", "รักไทย"), ("ธนพล", "จันทร์เพ็ญ")]


def test_stale_keys_are_recomputed_and_a_second_run_changes_nothing(district_user):
    people = [register(district_user, first_name=first, last_name=last) for first, last in NAMES]
    # keys as the old MetaSound-4 code stored them (and one person already current)
    Person.objects.exclude(pk=people[0].pk).update(first_name_sound="ส621", last_name_sound="ศ585")
    table = Person._meta.db_table
    assert migration.recompute(connection, table, batch=2) == len(people) - 1
    for person in Person.objects.all():
        assert person.first_name_sound == sound_key(person.first_name)
        assert person.last_name_sound == sound_key(person.last_name)
    assert migration.recompute(connection, table, batch=2) == 0


def test_an_empty_registry_is_left_alone():
    assert migration.recompute(connection, Person._meta.db_table) == 0
