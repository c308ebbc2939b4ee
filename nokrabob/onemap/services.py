"""Loading communities and households from a spreadsheet: all rows or none.

The file is saved and read by the worker lists' machinery (``imports.services.store_upload`` for the
size limit and a random name, ``imports.readers.TableReader`` for encodings, XLSX archive limits, row and
cell limits and control characters). Every row is checked first; one bad row means nothing is written and
the page lists each bad row with its column and a Thai message. A clean file is written in one
transaction, every record within the importer's area (``accounts.scope``), with history rows and one
audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from nokrabob.accounts.scope import require_area, scope_for, scoped, scoped_area
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.imports.mapping import suggest_columns, synonym_index
from nokrabob.imports.readers import TableReader
from nokrabob.imports.services import load_synonyms, store_upload, upload_dir
from nokrabob.onemap import tables
from nokrabob.onemap.tables import COMMUNITIES, MEMBER_FIELDS, TABLES, CellError, Table
from nokrabob.registry.models import Community, Household, HouseholdMember
from nokrabob.registry.rules.area import area_index, resolve_area_text
from nokrabob.registry.selectors import COMMUNITY_AREA

MAX_LISTED_ERRORS = 200
BATCH = 500
COMMUNITY_FIELDS = ("name", "district_code", "subdistrict_code", "community_type", "households_total")


@dataclass(frozen=True)
class RowError:
    row: int  # the row's number in the file, the header being row 1
    column: str
    message: str


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    members: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(RowError(row, column, message))


def require_loader(actor: Any) -> None:
    """Communities and households are Bangkok's reference data: a role that edits people and holds a
    Bangkok district (or the whole city) may load them."""
    if actor is None or not actor.caps.edits_people:
        raise DomainError(_("บทบาทของท่านนำเข้าข้อมูลไม่ได้"))
    if not scope_for(actor).allows_area(province_code=BANGKOK_CODE):
        raise DomainError(_("ทะเบียนชุมชนเป็นข้อมูลของกรุงเทพมหานคร พื้นที่ของท่านนำเข้าไม่ได้"))


# ── The uploaded file ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Upload:
    token: str
    file_kind: str  # csv / xlsx
    headers: list[str]
    suggested: dict[str, int]


def upload_path(token: str, file_kind: str) -> Path:
    """The saved file of an upload: the token is checked so a form value can never name another path."""
    if (
        len(token) != 32
        or not all(c in "0123456789abcdef" for c in token)
        or file_kind not in ("csv", "xlsx")
    ):
        raise DomainError(_("ไม่พบไฟล์ที่อัปโหลด โปรดอัปโหลดใหม่"), field="file")
    return upload_dir() / f"{token}.{file_kind}"


def upload_open(*, actor: Any, table: Table, upload: UploadedFile) -> Upload:
    require_loader(actor)
    path = store_upload(upload)
    try:
        reader = TableReader(path)
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    suggested = suggest_columns(reader.headers, synonym_index(table.targets))
    return Upload(path.stem, reader.kind, reader.headers, suggested)


def upload_discard(token: str, file_kind: str) -> None:
    upload_path(token, file_kind).unlink(missing_ok=True)


def _rows(path: Path, mapping: dict[str, int]) -> Iterable[tuple[int, dict[str, Any]]]:
    reader = TableReader(path)
    for number, row in enumerate(reader.rows(), start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        yield number, {name: (row[i] if i < len(row) else None) for name, i in mapping.items()}


def check_mapping(table: Table, mapping: dict[str, int]) -> None:
    missing = [str(t.label) for t in table.targets if t.name in table.required and t.name not in mapping]
    if missing:
        raise DomainError(_("ยังไม่ได้จับคู่คอลัมน์ที่จำเป็น: %(cols)s") % {"cols": ", ".join(missing)})
    used = list(mapping.values())
    if len(used) != len(set(used)):
        raise DomainError(_("คอลัมน์หนึ่งจับคู่ได้กับข้อมูลเพียงช่องเดียว"))


def _label(table: Table, name: str) -> str:
    return next(str(t.label) for t in table.targets if t.name == name)


def import_file(*, actor: Any, kind: str, token: str, file_kind: str, mapping: dict[str, int]) -> Outcome:
    """Check every row, then write all of them or none (``Outcome.errors`` says why none)."""
    require_loader(actor)
    table = TABLES[kind]
    check_mapping(table, mapping)
    path = upload_path(token, file_kind)
    if not path.is_file():
        raise DomainError(_("ไม่พบไฟล์ที่อัปโหลด โปรดอัปโหลดใหม่"), field="file")
    rows = _rows(path, mapping)
    outcome = _import_communities(actor, rows) if kind == COMMUNITIES else _import_households(actor, rows)
    if not outcome.error_count:
        path.unlink(missing_ok=True)
    return outcome


# ── Communities ────────────────────────────────────────────────────────────────────────────────


def _community_row(values: dict[str, Any], add: Any) -> dict[str, Any] | None:
    table, ok = tables.COMMUNITY_TABLE, True
    clean: dict[str, Any] = {}
    readers = {
        "code": lambda v: tables.code_text(v, limit=20),
        "name": lambda v: tables.text(v, limit=200),
        "district": lambda v: tables.text(v, limit=100),
        "subdistrict": lambda v: tables.text(v, limit=100),
        "community_type": lambda v: tables.text(v, limit=100),
        "households_total": lambda v: tables.whole_number(v, low=0, high=100_000),
    }
    for name, read in readers.items():
        try:
            clean[name] = read(values.get(name))
        except CellError as exc:
            add(_label(table, name), str(exc))
            ok = False
    for name in table.required:
        if ok and not clean.get(name):
            add(_label(table, name), _("ต้องกรอก"))
            ok = False
    if not ok:
        return None
    answer = resolve_area_text(area_index(), BANGKOK_CODE, clean["district"], clean["subdistrict"])
    if len(answer) == 2:
        column = "subdistrict" if answer[0] == "subdistrict" else "district"
        add(_label(table, column), answer[1])
        return None
    clean["district_code"], clean["subdistrict_code"] = answer[1], answer[2]
    return clean


@transaction.atomic
def _import_communities(actor: Any, rows: Iterable[tuple[int, dict[str, Any]]]) -> Outcome:
    outcome, clean_rows = Outcome(), []
    seen: dict[str, int] = {}
    scope = scope_for(actor)
    for number, values in rows:

        def add(column: str, message: str, number: int = number) -> None:
            outcome.add(number, column, message)

        clean = _community_row(values, add)
        if clean is None:
            continue
        if clean["code"] in seen:
            add(_("รหัสชุมชน"), _("รหัสซ้ำกับแถวที่ %(row)s") % {"row": seen[clean["code"]]})
            continue
        seen[clean["code"]] = number
        if not scope.allows(province_code=BANGKOK_CODE, district_code=clean["district_code"]):
            add(_("เขต"), _("เขตนี้อยู่นอกพื้นที่ของท่าน"))
            continue
        clean_rows.append((number, clean))
    existing = {c.code: c for c in Community.objects.filter(code__in=list(seen))}
    for number, clean in clean_rows:
        old = existing.get(clean["code"])
        if old is not None and not scope.allows(province_code=BANGKOK_CODE, district_code=old.district_code):
            outcome.add(number, _("รหัสชุมชน"), _("รหัสนี้เป็นของชุมชนในเขตอื่น"))
    if outcome.error_count:
        return outcome
    created, changed = [], []
    for _number, clean in clean_rows:
        fields = {name: clean[name] for name in COMMUNITY_FIELDS}
        community = existing.get(clean["code"])
        if community is None:
            created.append(Community(code=clean["code"], **fields))
        elif any(getattr(community, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(community, key, value)
            changed.append(community)
    # In bulk, each with its history row: 2,010 saves one by one took seconds (docs/BENCHMARKS.md).
    bulk_create_with_history(created, Community, batch_size=BATCH, default_user=actor)
    if changed:
        bulk_update_with_history(
            changed, Community, list(COMMUNITY_FIELDS), batch_size=BATCH, default_user=actor
        )
    outcome.created, outcome.updated = len(created), len(changed)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        target_type="registry.community",
        target_label=str(_("นำเข้าทะเบียนชุมชน")),
        changes={"created": outcome.created, "updated": outcome.updated, "rows": len(clean_rows)},
    )
    return outcome


# ── Households and their members ───────────────────────────────────────────────────────────────


def _occupations() -> dict[str, int]:
    from nokrabob.registry.models import Occupation

    ids = dict(Occupation.objects.values_list("code", "pk"))
    return {
        text.strip().lower(): ids[code] for text, code in load_synonyms()["occupation"].items() if code in ids
    }


def _household_row(values: dict[str, Any], add: Any, occupations: dict[str, int]) -> dict[str, Any] | None:
    table, ok = tables.HOUSEHOLD_TABLE, True
    clean: dict[str, Any] = {}
    readers = {
        "community_code": lambda v: tables.code_text(v, limit=20),
        "house_no": lambda v: tables.code_text(v, limit=30),
        "building_type": tables.building_type,
        "years_lived": lambda v: tables.whole_number(v, low=0, high=150),
        "latitude": lambda v: tables.coordinate(v, limit=90),
        "longitude": lambda v: tables.coordinate(v, limit=180),
        "land_owner": tables.land_owner,
        "sensitive_consent": tables.yes_no,
        "member_name": lambda v: tables.text(v, limit=200),
        "relation": lambda v: tables.text(v, limit=50),
        "age": lambda v: tables.whole_number(v, low=0, high=130),
        "education": tables.education,
        "occupation": lambda v: tables.text(v, limit=150),
        "has_disability": tables.yes_no,
        "is_bedridden": tables.yes_no,
    }
    for name, read in readers.items():
        try:
            clean[name] = read(values.get(name))
        except CellError as exc:
            add(_label(table, name), str(exc))
            ok = False
    for name in table.required:
        if ok and not clean.get(name):
            add(_label(table, name), _("ต้องกรอก"))
            ok = False
    if ok and clean["occupation"]:
        clean["occupation_id"] = occupations.get(clean["occupation"].lower())
        if clean["occupation_id"] is None:
            add(_label(table, "occupation"), _("ไม่พบอาชีพ “%(v)s” ในรายการอาชีพ") % {"v": clean["occupation"]})
            ok = False
    has_member_data = any(clean.get(n) not in (None, "") for n in MEMBER_FIELDS if n != "member_name")
    if ok and has_member_data and not clean["member_name"]:
        add(_label(table, "member_name"), _("มีข้อมูลสมาชิกแต่ไม่มีชื่อสมาชิก"))
        ok = False
    return clean if ok else None


HOUSEHOLD_FIELDS = ("building_type", "years_lived", "latitude", "longitude", "land_owner")


@transaction.atomic
def _import_households(actor: Any, rows: Iterable[tuple[int, dict[str, Any]]]) -> Outcome:
    outcome = Outcome()
    occupations = _occupations()
    visible = {c.code: c for c in scoped_area(Community.objects.all(), actor, paths=COMMUNITY_AREA)}
    groups: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for number, values in rows:

        def add(column: str, message: str, number: int = number) -> None:
            outcome.add(number, column, message)

        clean = _household_row(values, add, occupations)
        if clean is None:
            continue
        if clean["community_code"] not in visible:
            # A community of another district answers as one that does not exist: codes are not a way
            # to learn what another office holds.
            add(_("รหัสชุมชน"), _("ไม่พบชุมชนรหัส %(code)s ในพื้นที่ของท่าน") % {"code": clean["community_code"]})
            continue
        groups.setdefault((clean["community_code"], clean["house_no"]), []).append((number, clean))
    on_record = set(
        scoped(
            Household.objects.filter(community__code__in=list({c for c, _h in groups})), actor
        ).values_list("community__code", "house_no")
    )
    for key, members in groups.items():
        first_number, first = members[0]
        if key in on_record:
            outcome.add(first_number, _("บ้านเลขที่"), _("ครัวเรือนนี้มีในระบบแล้ว แก้ไขที่หน้าครัวเรือน"))
            continue
        consent = any(clean["sensitive_consent"] for _n, clean in members)
        for number, clean in members:
            if (clean["has_disability"] is not None or clean["is_bedridden"] is not None) and not consent:
                outcome.add(
                    number,
                    _("ความพิการ"),
                    _("ครัวเรือนยังไม่ได้ให้ความยินยอมเรื่องข้อมูลอ่อนไหว จึงบันทึกความพิการ/ติดเตียงไม่ได้"),
                )
    if outcome.error_count:
        return outcome
    households, rows_of = [], []
    for (code, house_no), members in groups.items():
        community = visible[code]
        first = members[0][1]
        require_area(actor, province_code=BANGKOK_CODE, district_code=community.district_code)
        household = Household(
            community=community,
            house_no=house_no,
            district_code=community.district_code,
            subdistrict_code=community.subdistrict_code,
            province_code=BANGKOK_CODE,
            **{name: first[name] for name in HOUSEHOLD_FIELDS if first[name] not in (None, "")},
        )
        if any(clean["sensitive_consent"] for _n, clean in members):
            household.sensitive_consent = True
            household.consent_given_on = timezone.localdate()
        households.append(household)
        rows_of.append(members)
    bulk_create_with_history(households, Household, batch_size=BATCH, default_user=actor)
    people = [
        HouseholdMember(
            household=household,
            name=clean["member_name"],
            relation=clean["relation"],
            age=clean["age"],
            education=clean["education"],
            occupation_id=clean.get("occupation_id"),
            has_disability=clean["has_disability"],
            is_bedridden=clean["is_bedridden"],
        )
        for household, members in zip(households, rows_of, strict=True)
        for _number, clean in members
        if clean["member_name"]
    ]
    bulk_create_with_history(people, HouseholdMember, batch_size=BATCH, default_user=actor)
    household_ids = [h.pk for h in households]
    outcome.created, outcome.members = len(households), len(people)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        target_type="registry.household",
        target_label=str(_("นำเข้าข้อมูลครัวเรือน")),
        changes={"households": household_ids, "members": outcome.members},
    )
    return outcome
