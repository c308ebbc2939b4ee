"""The maintained counts equal a recount from scratch after any sequence of writes: creates, edits,
welfare steps, occupations ended, merges, erasures, imports and their rollbacks (a property-based test),
and ``manage.py rebuild_counts`` repairs them."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nokrabob.accounts.roles import Role
from nokrabob.core.errors import DomainError
from nokrabob.imports.models import ImportStatus
from nokrabob.imports.rollback import batch_rollback
from nokrabob.imports.sample_lists import generate
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.privacy.services import person_erase
from nokrabob.registry import tallies
from nokrabob.registry.models import AreaTally, Person, PersonOccupation, Scheme
from nokrabob.registry.rules.national_id import make_national_id
from nokrabob.registry.services import person_create, person_merge, person_update, welfare_record_add

pytestmark = pytest.mark.django_db

SUBDISTRICTS = ("100101", "100201", "100601", "500101")
SCHEMES = ("s40", "nsf", "s33", "s39")
STATUSES = ("informed", "applied", "enrolled", "received", "refused")


def kept_equals_recount() -> None:
    assert {model.__name__: differ for model, (_cells, differ) in tallies.compare().items() if differ} == {}


class World:
    def __init__(self, tmp: Path, admin: object) -> None:
        self.tmp, self.admin, self.n = tmp, admin, 0

    def people(self) -> list[Person]:
        return list(Person.objects.filter(merged_into__isnull=True).order_by("pk"))

    def pick(self, index: int) -> Person | None:
        people = self.people()
        return people[index % len(people)] if people else None

    def create(self, index: int) -> None:
        self.n += 1
        person = person_create(
            actor=None,
            fields={
                "national_id": make_national_id(f"3{self.n:05d}{index % 100000:06d}"),
                "first_name": f"ทดสอบ{self.n}",
                "last_name": "นับใหม่",
                "birth_date": (
                    dt.date(1950 + index % 60, 1 + index % 12, 1 + index % 28) if index % 5 else None
                ),
                "sex": "MFU"[index % 3],
                "subdistrict_code": SUBDISTRICTS[index % len(SUBDISTRICTS)],
            },
            allow_candidates=True,
        )
        from nokrabob.registry.models import Occupation

        occupations = list(Occupation.objects.order_by("pk"))
        PersonOccupation.objects.create(person=person, occupation=occupations[index % len(occupations)])

    def edit(self, index: int) -> None:
        person = self.pick(index)
        if person is None:
            return
        person_update(
            actor=None,
            person=person,
            fields={
                "subdistrict_code": SUBDISTRICTS[(index // 3) % len(SUBDISTRICTS)],
                "district_code": "",
                "province_code": "",
                "sex": "MFU"[index % 3],
                "birth_date": dt.date(1940 + index % 70, 1 + index % 12, 1 + index % 28),
            },
        )

    def welfare(self, index: int) -> None:
        person = self.pick(index)
        if person is None:
            return
        welfare_record_add(
            actor=None,
            person=person,
            scheme=Scheme.objects.get(code=SCHEMES[index % len(SCHEMES)]),
            status=STATUSES[(index // 4) % len(STATUSES)],
            recorded_on=dt.date(2026, 1 + index % 10, 1),
            source="staff_verified",
        )

    def end_occupation(self, index: int) -> None:
        person = self.pick(index)
        row = person and PersonOccupation.objects.filter(person=person, is_current=True).first()
        if row:
            row.is_current = False
            row.save()

    def merge(self, index: int) -> None:
        people = self.people()
        if len(people) >= 2:
            keep, merge = people[index % len(people)], people[(index + 1) % len(people)]
            person_merge(actor=None, keep=keep, merge=merge)

    def erase(self, index: int) -> None:
        person = self.pick(index)
        if person is not None:
            person_erase(actor=None, person=person)

    def import_list(self, index: int) -> None:
        self.n += 1
        path = self.tmp / f"list-{self.n}.csv"
        generate(path, 6 + index % 8, seed=index % 3, bad_every=5, dup_every=7)
        batch = batch_create(actor=self.admin, path=path, file_name=path.name, dry_run=False)
        run_batch(batch.pk)

    def rollback(self, index: int) -> None:
        from nokrabob.imports.models import ImportBatch

        batches = list(ImportBatch.objects.filter(status=ImportStatus.DONE, dry_run=False).order_by("-pk"))
        if batches:
            batch_rollback(actor=self.admin, batch=batches[index % len(batches)])


OPERATIONS = ("create", "edit", "welfare", "end_occupation", "merge", "erase", "import_list", "rollback")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10_000)), min_size=1, max_size=8))
def test_kept_counts_equal_a_recount_after_any_writes(steps, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = World(tmp_path, make_user(Role.ADMIN, username=f"admin-{id(steps)}"))
    for name, index in steps:
        # A refused write (a later batch blocks a rollback, a record merged into an imported one) changes
        # nothing; the counts must still agree.
        with contextlib.suppress(DomainError):
            getattr(world, name)(index)
        kept_equals_recount()


def test_rebuild_counts_repairs_and_check_tells(make_user, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    world = World(tmp_path, make_user(Role.ADMIN))
    for index in range(6):
        world.create(index)
        world.welfare(index)
    world.import_list(3)
    call_command("rebuild_counts", "--check")  # kept up to date: nothing to repair
    first = AreaTally.objects.order_by("pk").first()
    assert first is not None
    AreaTally.objects.filter(pk=first.pk).update(n=999)
    AreaTally.objects.create(province_code="10", district_code="1050", reg_month=202601, occupation_id=0, n=3)
    with pytest.raises(SystemExit):
        call_command("rebuild_counts", "--check")
    assert "2 differ" in capsys.readouterr().out
    call_command("rebuild_counts")
    kept_equals_recount()
    people = Person.objects.filter(merged_into__isnull=True).count()
    assert sum(tallies.stored()[AreaTally].values()) == people


def test_the_counts_of_a_person_follow_their_record(make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = World(tmp_path, make_user(Role.ADMIN))
    world.create(7)
    person = Person.objects.get()
    month = timezone.localtime(person.created_at)
    occupation = person.occupations.get().occupation_id
    cell = (person.province_code, person.district_code, month.year * 100 + month.month, occupation)
    assert tallies.stored()[AreaTally] == Counter({cell: 1})
    person_erase(actor=None, person=person)  # the row stays; its birth date is gone
    kept_equals_recount()
    Person.objects.get().delete()
    assert sum(tallies.stored()[AreaTally].values()) == 0


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(("10", "50")),
            st.sampled_from(("1001", "5001")),
            st.sampled_from("MFU"),
            st.one_of(st.none(), st.dates(dt.date(1930, 1, 1), dt.date(2010, 12, 31))),
            st.lists(st.integers(1, 4), max_size=3),
            st.lists(st.integers(1, 5), max_size=4),
        ),
        max_size=12,
    ),
    status=st.sampled_from(STATUSES),
)
def test_the_imports_cells_of_new_people_follow_the_rules_of_the_facts(people, status) -> None:  # type: ignore[no-untyped-def]
    """``new_person`` then ``new_people_cells`` (the import's short way) give what the facts of the same rows
    give, people alike (the strategy's small choices repeat them) counted together."""
    registered, formal_ids = dt.date(2026, 11, 30), {2, 4}
    rows, occupations, welfare, values = [], [], [], []
    for pk, (province, district, sex, born, jobs, schemes) in enumerate(people, start=1):
        rows.append((pk, province, district, sex, born, registered))
        occupations += [(pk, job, order) for order, job in enumerate(jobs)]
        welfare += [(pk, scheme, status, registered, order) for order, scheme in enumerate(schemes)]
        month = born.year * 100 + born.month if born else 0
        values.append((province, district, sex, month, jobs, schemes))
    facts = tallies.facts_from_rows(rows, occupations, welfare, formal_ids=formal_ids)
    new_people = [tallies.new_person(*value, formal_ids=formal_ids) for value in values]
    assert tallies.new_people_cells(new_people, registered=registered, status=status) == tallies.full_cells(
        facts
    )
