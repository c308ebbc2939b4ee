"""The registry's maintained counts ("tallies"): how many people fall in each cell of
area × sex × birth month × registration month × occupation group × formal worker (× scheme × status),
kept up to date in the same transaction as every write (``nokrabob.registry.tallies``, ADR 0400).

Six tables hold the same counts at different grains: the two full tables answer any combination of
filters, the four narrower ones (fewer columns, far fewer rows) answer the dashboards' common questions
quickly. Each row is a count, never a person: the tables carry area codes so that
``nokrabob.accounts.scope`` narrows them like any personal data (``SCOPE_PATHS``).

Birth and registration are stored as months (``yyyymm``; birth 0 = unknown): a month does not go stale,
so age bands are worked out when a count is read.
"""

from __future__ import annotations

from django.db import models

from nokrabob.accounts.scope import ScopePaths

PERSON_DIMS = (
    "province_code",
    "district_code",
    "sex",
    "birth_month",
    "reg_month",
    "occupation_id",
    "formal",
)
SCHEME_DIMS = (*PERSON_DIMS, "scheme_id", "status", "reached")


class Tally(models.Model):
    """Columns shared by every tally table: the area (for the scope) and the count."""

    SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")
    DIMS: tuple[str, ...] = ()
    SCHEMES = False  # True: one count per person and scheme, not per person

    province_code = models.CharField(max_length=2)
    district_code = models.CharField(max_length=4)
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return " · ".join(str(getattr(self, d)) for d in self.DIMS) + f": {self.n}"


def _unique(name: str, dims: tuple[str, ...]) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=list(dims), name=name)]


class PersonCells(Tally):
    """The full cell's columns; ``occupation_id`` is the person's latest current group (0: none) and
    ``formal`` whether they are in Section 33 or 39 (their latest record of it enrolled or received)."""

    DIMS: tuple[str, ...] = PERSON_DIMS
    sex = models.CharField(max_length=1)
    birth_month = models.IntegerField()
    reg_month = models.IntegerField()
    occupation_id = models.IntegerField()
    formal = models.BooleanField()

    class Meta:
        abstract = True


class PeopleTally(PersonCells):
    """People (not merged away) per full cell."""

    class Meta:
        constraints = _unique("peopletally_cell", PERSON_DIMS)


class SchemeCells(PersonCells):
    """The full cell and a scheme: ``status`` is that of the person's latest record of the scheme,
    ``reached`` whether any record of it was ever "enrolled" or "received"."""

    DIMS = SCHEME_DIMS
    SCHEMES = True
    scheme_id = models.IntegerField()
    status = models.CharField(max_length=20)
    reached = models.BooleanField()

    class Meta:
        abstract = True


class SchemeTally(SchemeCells):
    """People per full cell and scheme they have a record of."""

    class Meta:
        constraints = _unique("schemetally_cell", SCHEME_DIMS)


AREA_DIMS = ("province_code", "district_code", "reg_month", "occupation_id")


class AreaTally(Tally):
    """People per area, registration month and occupation group: totals, maps, groups, trends."""

    DIMS = AREA_DIMS
    reg_month = models.IntegerField()
    occupation_id = models.IntegerField()

    class Meta:
        constraints = _unique("areatally_cell", AREA_DIMS)


AREA_SCHEME_DIMS = ("province_code", "district_code", "scheme_id", "status", "reached")


class AreaSchemeTally(Tally):
    """People per area and scheme (latest status, ever reached): the welfare coverage figures."""

    DIMS = AREA_SCHEME_DIMS
    SCHEMES = True
    scheme_id = models.IntegerField()
    status = models.CharField(max_length=20)
    reached = models.BooleanField()

    class Meta:
        constraints = _unique("areaschemetally_cell", AREA_SCHEME_DIMS)


AGE_DIMS = ("province_code", "district_code", "birth_month", "formal")


class AgeTally(Tally):
    """People per area, birth month and formal-worker flag: ages and eligibility."""

    DIMS = AGE_DIMS
    birth_month = models.IntegerField()
    formal = models.BooleanField()

    class Meta:
        constraints = _unique("agetally_cell", AGE_DIMS)


AGE_SCHEME_DIMS = ("province_code", "district_code", "birth_month", "formal", "scheme_id", "status")


class AgeSchemeTally(Tally):
    """People per area, birth month, formal flag, scheme and latest status: who is eligible but not in."""

    DIMS = AGE_SCHEME_DIMS
    SCHEMES = True
    birth_month = models.IntegerField()
    formal = models.BooleanField()
    scheme_id = models.IntegerField()
    status = models.CharField(max_length=20)

    class Meta:
        constraints = _unique("ageschemetally_cell", AGE_SCHEME_DIMS)


# Narrowest first: a count is read from the first table that has every column it needs.
TALLIES: tuple[type[Tally], ...] = (
    AreaTally,
    AgeTally,
    AreaSchemeTally,
    AgeSchemeTally,
    PeopleTally,
    SchemeTally,
)


class StagedPeople(PersonCells):
    """A bulk import's people counted but not yet added to the tallies: plain appends, one row per full
    cell and chunk, folded into every table when the import ends (``tallies.fold_staged``). Readers add
    these rows to the tallies', so a count is never short of a committed chunk (ADR 0400)."""


class StagedSchemes(SchemeCells):
    """As ``StagedPeople``, per scheme."""


STAGED: dict[bool, type[Tally]] = {False: StagedPeople, True: StagedSchemes}  # by ``Tally.SCHEMES``
