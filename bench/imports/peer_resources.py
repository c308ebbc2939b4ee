"""django-import-export resources for the peer benchmark (``bench.imports.peer_import_export``).

Imported only after ``django.setup()``, and only by the benchmark: the application never imports
django-import-export (it is pinned in ``requirements/bench.txt``, not in ``base.txt``).

What the peer writes for each row, the same rows our import writes for a new person: the person (every
column the import's store fills, the same values), one consent row (the lawful basis, as the import writes
it), one ``PersonOccupation`` row per occupation code and one ``WelfareRecord`` row per scheme code, with the
same constants as the import's store. No ``simple_history`` rows: the import's store writes none either (the
batch's audit row stands for them), so the peer skips them too, like with like.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from import_export import fields, resources, widgets

from nokrabob.imports import store
from nokrabob.imports.models import batch_marker
from nokrabob.imports.normalise import COLUMNS, PERSON_FIELDS, PERSON_WIDTH
from nokrabob.imports.pipeline import Catalogues
from nokrabob.registry.models import Consent, Person, PersonOccupation, WelfareRecord

# The peer's file: the person columns of a clean row, then the catalogue codes ("|" between several).
PEER_COLUMNS = (*PERSON_FIELDS, "responsible_unit_id", "occupation", "scheme")


class NullableCharWidget(widgets.CharWidget):
    """An empty national ID is NULL (the column is unique and nullable), never ''."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return value or None


def _person_fields() -> dict[str, fields.Field]:
    declared: dict[str, fields.Field] = {}
    for name in PERSON_FIELDS:
        if name == "national_id":
            widget: widgets.Widget = NullableCharWidget()
        elif name == "birth_date":
            widget = widgets.DateWidget(format="%Y-%m-%d")
        elif name == "monthly_income":
            widget = widgets.DecimalWidget()
        else:
            widget = widgets.CharWidget(allow_blank=True)
        declared[name] = fields.Field(attribute=name, column_name=name, widget=widget)
    # The unit's id as a plain integer: a ForeignKeyWidget would query the unit for every row.
    declared["responsible_unit_id"] = fields.Field(
        attribute="responsible_unit_id", column_name="responsible_unit_id", widget=widgets.IntegerWidget()
    )
    return declared


class _Links:
    """The constants and catalogue ids the import's store uses, and the link rows of a list of people."""

    def setup(self, *, batch_id: int, actor_id: int | None) -> None:
        self.batch_id = batch_id
        self.actor_id = actor_id
        self.catalogues = Catalogues.load()
        self.now = timezone.now()
        self.today = timezone.localdate()
        marker = batch_marker(batch_id)
        self.person_constants = {
            k: v
            for k, v in store.person_constants(
                now=self.now,
                batch_id=batch_id,
                actor_id=actor_id,
                written=store.person_row_columns(COLUMNS[:PERSON_WIDTH]),
            ).items()
            if k not in ("created_at", "updated_at")  # set by the model's auto_now(_add)
        }
        self.occupation_constants = store.occupation_constants(marker=marker)
        self.welfare_constants = {
            k: v
            for k, v in store.welfare_constants(
                now=self.now, today=self.today.isoformat(), marker=marker, actor_id=actor_id
            ).items()
            if k not in ("created_at", "updated_at")
        }
        self.welfare_constants["recorded_on"] = self.today
        self.consent_constants = {
            **store.consent_constants(today=self.today.isoformat(), actor_id=actor_id),
            "given_on": self.today,
        }

    def prepare(self, person: Person) -> None:
        for name, value in self.person_constants.items():
            setattr(person, name, value)
        person.skip_history_when_saving = True  # type: ignore[attr-defined]

    def write(self, people: list[tuple[Person, dict[str, Any]]]) -> None:
        consents, occupations, welfare = [], [], []
        occ_ids, scheme_ids = self.catalogues.occupation_ids, self.catalogues.scheme_ids
        for person, row in people:
            consents.append(Consent(person_id=person.pk, **self.consent_constants))
            occupation_constants = self.occupation_constants
            for code in filter(None, (row.get("occupation") or "").split("|")):
                occupations.append(
                    PersonOccupation(person_id=person.pk, occupation_id=occ_ids[code], **occupation_constants)
                )
            for code in filter(None, (row.get("scheme") or "").split("|")):
                welfare.append(
                    WelfareRecord(person_id=person.pk, scheme_id=scheme_ids[code], **self.welfare_constants)
                )
        Consent.objects.bulk_create(consents)
        PersonOccupation.objects.bulk_create(occupations)
        WelfareRecord.objects.bulk_create(welfare)


class PersonResource(resources.ModelResource):
    """Row by row, as the admin's import does: each row looked up by national ID (an existing person is
    updated), saved with ``save()``, its link rows written in ``after_save_instance``."""

    links = _Links()

    class Meta:
        model = Person
        fields = (*PERSON_FIELDS, "responsible_unit_id")
        import_id_fields = ("national_id",)
        skip_diff = True
        use_transactions = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields = _person_fields()  # type: ignore[assignment]

    def before_save_instance(self, instance: Person, row: Any, **kwargs: Any) -> None:
        self.links.prepare(instance)

    def after_save_instance(self, instance: Person, row: Any, **kwargs: Any) -> None:
        self.links.write([(instance, row)])


class BulkPersonResource(PersonResource):
    """django-import-export's fastest documented setting ("bulk imports"): no lookup of existing rows
    (every row is new: ``force_init_instance``), ``bulk_create`` in batches, no diff. Its
    ``after_save_instance`` runs before the batch is written (the people have no id yet), so the link rows
    are written in ``bulk_create``, after each batch of people."""

    class Meta(PersonResource.Meta):
        use_bulk = True
        batch_size = 5000
        force_init_instance = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pending: list[dict[str, Any]] = []

    def after_save_instance(self, instance: Person, row: Any, **kwargs: Any) -> None:
        self.pending.append(row)

    def bulk_create(
        self, using_transactions: bool, dry_run: bool, raise_errors: bool, batch_size: int | None = None,
        result: Any = None,
    ) -> None:  # fmt: skip
        people = list(self.create_instances)
        rows, self.pending = self.pending[: len(people)], self.pending[len(people) :]
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if people and people[0].pk is None:
            raise RuntimeError("bulk_create returned no ids: the link rows cannot be written")
        self.links.write(list(zip(people, rows, strict=True)))
