"""The bulk store's column lists come from the models: a model that gains a required column the store does
not write fails here (and at the first import), never silently in a batch."""

from __future__ import annotations

import pytest
from django.db import models

from nokrabob.imports import store
from nokrabob.imports.normalise import COLUMNS, PERSON_WIDTH
from nokrabob.registry.models import Consent, Person, PersonOccupation, WelfareRecord

NOW = "2026-11-30 09:00:00+07"


def _required(model: type[models.Model]) -> set[str]:
    return {
        str(f.column)
        for f in model._meta.concrete_fields
        if not f.null and not f.has_default() and not f.primary_key
    }


def _written() -> dict[type[models.Model], set[str]]:
    person_columns = store.person_row_columns(COLUMNS[:PERSON_WIDTH])
    return {
        Person: {
            *person_columns,
            *store.person_constants(now=NOW, batch_id=1, actor_id=None, written=person_columns),
        },
        PersonOccupation: {*store.OCCUPATION_ROW_COLUMNS, *store.occupation_constants(marker="m")},
        WelfareRecord: {
            *store.WELFARE_ROW_COLUMNS,
            *store.welfare_constants(now=NOW, today="2026-11-30", marker="m", actor_id=None),
        },
        Consent: {*store.CONSENT_ROW_COLUMNS, *store.consent_constants(today="2026-11-30", actor_id=None)},
    }


def test_every_required_column_of_the_written_tables_is_written() -> None:
    for model, written in _written().items():
        assert _required(model) <= written, model.__name__
        assert {f.column for f in model._meta.concrete_fields} - written <= {"id"}, model.__name__


def test_the_person_row_columns_follow_the_clean_row() -> None:
    columns = store.person_row_columns(COLUMNS[:PERSON_WIDTH])
    assert columns[0] == "id"
    assert columns[-1] == "responsible_unit_id"  # the attname's column, looked up through the model
    assert len(columns) == PERSON_WIDTH + 1


def _field(field: models.Field, name: str) -> models.Field:  # type: ignore[type-arg]
    field.set_attributes_from_name(name)
    return field


def test_a_new_required_person_column_the_store_does_not_write_fails() -> None:
    written = store.person_row_columns(COLUMNS[:PERSON_WIDTH])
    fields = [*Person._meta.concrete_fields, _field(models.CharField(max_length=5), "nickname")]
    with pytest.raises(store.StoreColumnsMissing, match="nickname"):
        store.complete_constants(fields, written, {"created_at": NOW, "updated_at": NOW})


def test_a_new_person_column_with_a_default_or_null_is_written_with_it() -> None:
    written = store.person_row_columns(COLUMNS[:PERSON_WIDTH])
    fields = [
        *Person._meta.concrete_fields,
        _field(models.CharField(max_length=5, default="x"), "nickname"),
        _field(models.DateField(null=True), "seen_on"),
    ]
    given = store.person_constants(now=NOW, batch_id=1, actor_id=None, written=written)
    constants = store.complete_constants(fields, written, given)
    assert constants["nickname"] == "x" and constants["seen_on"] is None


def test_a_constant_for_a_column_the_table_lacks_fails() -> None:
    with pytest.raises(store.StoreColumnsMissing, match="gone"):
        store.table_constants(store.CONSENT_TABLE, store.CONSENT_ROW_COLUMNS, {"gone": 1})
