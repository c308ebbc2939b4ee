"""/api/v1/people/: the registry over REST, through the same selectors (``people_for`` → ``scoped``) and
services (``person_create``/``person_update``, which refuse writes outside the caller's scope) as the pages.

IDs are masked for roles that do not need them (``may_see_full_national_id``), as on the pages; every read
of people writes an audit row naming the client (``changes["api_client"]``), and so does a refused read.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.api.authentication import client_name
from nokrabob.api.base import Cursor, StrictSerializer, V1View
from nokrabob.api.errors import error_body
from nokrabob.api.messages import Conflict, PreconditionFailed
from nokrabob.api.models import Operation
from nokrabob.api.schema import ErrorSerializer
from nokrabob.audit import reads
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.concurrency import Opened, StaleEdit
from nokrabob.core.http import acting_user
from nokrabob.registry import selectors
from nokrabob.registry.models import Person, Sex, WelfareRecord
from nokrabob.registry.national_id import format_national_id, mask_national_id
from nokrabob.registry.services import DuplicatePerson, person_create, person_update

# The list's orders (a subset of selectors.SORTS whose first column is never empty: the cursor keys on it).
ORDERINGS = ("oldest", "newest", "name", "-name")
SEARCH_LIMIT = 50


def shown_national_id(national_id: str | None, full: bool) -> str:
    """A national ID as the pages show it to this role: whole, or masked (empty if unknown)."""
    if not national_id:
        return ""
    return format_national_id(national_id) if full else mask_national_id(national_id)


def shown_id(person: Person, full: bool) -> str:
    return shown_national_id(person.national_id, full)


def person_row(person: Person, *, full: bool) -> dict[str, Any]:
    return {
        "id": person.pk,
        "national_id": shown_id(person, full),
        "title": person.title,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "phone": person.phone,
        "subdistrict_code": person.subdistrict_code,
        "district_code": person.district_code,
        "province_code": person.province_code,
        "responsible_unit": person.responsible_unit.code if person.responsible_unit else None,
        "occupations": sorted(o.occupation.code for o in person.occupations.all() if o.is_current),
    }


def person_detail(person: Person, *, full: bool) -> dict[str, Any]:
    data = person_row(person, full=full)
    data.update(
        {
            "version": person.version,
            "house_no": person.house_no,
            "moo": person.moo,
            "soi": person.soi,
            "road": person.road,
            "postal_code": person.postal_code,
            "welfare": latest_welfare([person.pk]).get(person.pk, {}),
        }
    )
    return data


def latest_welfare(person_ids: list[int]) -> dict[int, dict[str, str]]:
    """person id → {scheme code: status of the latest record}."""
    out: dict[int, dict[str, str]] = {}
    records = (
        WelfareRecord.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "scheme__code", "-recorded_on", "-id")
        .values_list("person_id", "scheme__code", "status")
    )
    for person_id, scheme, status in records:
        out.setdefault(person_id, {}).setdefault(scheme, status)
    return out


def audit_read(
    request: Request,
    *,
    endpoint: str,
    people: list[Person] | None = None,
    person: Person | None = None,
    target_type: str = "registry.person",
    **extra: Any,
) -> None:
    """One audit row per read of people, through the trail's one read function, naming the client and the
    people (by number only); ``person`` when the read is of one person (its detail or one of its parts)."""
    target = person
    if target is None and people and len(people) == 1 and endpoint == "person_detail":
        target = people[0]
    reads.audit_read(
        request,
        read=f"api_{endpoint}",
        target=target,
        people=None if target is not None else people,
        target_type=target_type,
        api_client=client_name(request),
        endpoint=endpoint,
        **extra,
    )


def person_in_scope(request: Request, pk: int) -> Person:
    """The person ``pk`` if the caller may read them; otherwise a 404 and an audit row of the refusal."""
    try:
        return selectors.person_get(acting_user(request), pk)
    except Http404:
        audit_refusal(request, target_type="registry.person", pk=pk)
        raise


def audit_refusal(request: Request, *, target_type: str, pk: int) -> None:
    """A read of a record holding personal data refused because it is outside the caller's scope."""
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target_type=target_type,
        target_id=pk,
        target_label=f"API {request.method} refused",
        changes={"api_client": client_name(request), "refused": "not_in_scope", "path": request.path},
    )


# ── Serializers (the schema; responses are built by person_row/person_detail) ────────────────────────


class PersonRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    national_id = serializers.CharField(
        allow_blank=True, help_text="x-xxxx-xxxxx-xx-3 for roles that see masked IDs; empty if unknown"
    )
    title = serializers.CharField(allow_blank=True)
    first_name = serializers.CharField()
    last_name = serializers.CharField(allow_blank=True)
    sex = serializers.CharField(allow_blank=True)
    birth_date = serializers.DateField(allow_null=True)
    phone = serializers.CharField(allow_blank=True)
    subdistrict_code = serializers.CharField(allow_blank=True)
    district_code = serializers.CharField(allow_blank=True)
    province_code = serializers.CharField(allow_blank=True)
    responsible_unit = serializers.CharField(allow_null=True)
    occupations = serializers.ListField(child=serializers.CharField())


class PersonDetailSerializer(PersonRowSerializer):
    version = serializers.IntegerField(
        help_text="raised by one on every save; the ETag header carries it, send it back as If-Match"
    )
    house_no = serializers.CharField(allow_blank=True)
    moo = serializers.CharField(allow_blank=True)
    soi = serializers.CharField(allow_blank=True)
    road = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True)
    welfare = serializers.DictField(child=serializers.CharField(), help_text="scheme code → latest status")


class PersonFilterSerializer(StrictSerializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.RegexField(r"^\d{4}$", required=False)
    subdistrict = serializers.RegexField(r"^\d{6}$", required=False)
    occupation = serializers.SlugField(required=False, max_length=40)
    scheme = serializers.SlugField(required=False, max_length=40)
    status = serializers.SlugField(required=False, max_length=20)
    age_band = serializers.ChoiceField(choices=list(selectors.AGE_BANDS), required=False)
    eligible = serializers.SlugField(required=False, max_length=40)
    ordering = serializers.ChoiceField(choices=ORDERINGS, required=False, default="oldest")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500)
    cursor = serializers.CharField(required=False, max_length=500)


class PersonWriteSerializer(StrictSerializer):
    national_id = serializers.CharField(required=False, allow_blank=True, max_length=20)
    title = serializers.CharField(required=False, allow_blank=True, max_length=30)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    first_name_latin = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name_latin = serializers.CharField(required=False, allow_blank=True, max_length=100)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    house_no = serializers.CharField(required=False, allow_blank=True, max_length=30)
    moo = serializers.CharField(required=False, allow_blank=True, max_length=10)
    soi = serializers.CharField(required=False, allow_blank=True, max_length=100)
    road = serializers.CharField(required=False, allow_blank=True, max_length=100)
    subdistrict_code = serializers.RegexField(r"^\d{6}$")
    postal_code = serializers.RegexField(r"^\d{5}$", required=False, allow_blank=True)


class PersonCreateSerializer(PersonWriteSerializer):
    allow_candidates = serializers.BooleanField(
        required=False, default=False, help_text="register even if sound-alike or same-phone people exist"
    )


PERSON_EXAMPLE = {
    "id": 42,
    "national_id": "x-xxxx-xxxxx-xx-2",
    "title": "นาง",
    "first_name": "สมหญิง",
    "last_name": "ใจดี",
    "sex": "F",
    "birth_date": "1980-01-05",
    "phone": "0812345678",
    "subdistrict_code": "100101",
    "district_code": "1001",
    "province_code": "10",
    "responsible_unit": "BMA-D1001",
    "occupations": ["street_vendor"],
    "version": 3,
    "house_no": "12/3",
    "moo": "",
    "soi": "",
    "road": "ราชดำเนิน",
    "postal_code": "10200",
    "welfare": {"s40": "enrolled", "nsf": "informed"},
}


# ── Views ───────────────────────────────────────────────────────────────────────────────────────


class PersonCursor(Cursor):
    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return selectors.SORTS[getattr(view, "ordering_key", "oldest")]


def _require_editor(request: Request) -> None:
    if not acting_user(request).caps.edits_people:
        raise PermissionDenied


class PersonListPage(serializers.Serializer):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = PersonRowSerializer(many=True)


class PersonList(V1View):
    """The registry list: the caller's people, the list page's filters, cursor-paged."""

    required_operations = {"GET": Operation.READ, "POST": Operation.WRITE}
    ordering_key = "oldest"

    @extend_schema(
        operation_id="v1_people_list",
        parameters=[PersonFilterSerializer],
        responses={200: PersonListPage},
    )
    def get(self, request: Request) -> Response:
        filters = PersonFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        self.ordering_key = data.pop("ordering")
        data.pop("page_size", None)
        data.pop("cursor", None)
        user = acting_user(request)
        queryset = selectors.person_search(user, filters=data).prefetch_related("occupations__occupation")
        paginator = PersonCursor()
        page = paginator.paginate_queryset(queryset, request, view=self) or []
        audit_read(request, endpoint="people_list", people=page, filters=filters.initial_data.dict())
        full = may_see_full_national_id(user)
        return paginator.get_paginated_response([person_row(p, full=full) for p in page])

    @extend_schema(
        operation_id="v1_people_create",
        request=PersonCreateSerializer,
        responses={201: PersonDetailSerializer, 409: OpenApiResponse(description="already registered")},
    )
    def post(self, request: Request) -> Response:
        _require_editor(request)
        incoming = PersonCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        allow = fields.pop("allow_candidates", False)
        try:
            person = person_create(actor=request.user, fields=fields, allow_candidates=allow)
        except DuplicatePerson as exc:
            raise Conflict(exc.message) from None
        return Response(
            person_detail(person, full=may_see_full_national_id(acting_user(request))), status=201
        )


class PersonSearch(V1View):
    """Search by national ID, phone, name prefix or sound-alike name (the list page's search box)."""

    required_operations = {"GET": Operation.READ}

    @extend_schema(
        operation_id="v1_people_search",
        parameters=[OpenApiParameter("q", str, required=True, description="ID, phone or name")],
        responses={200: inline_serializer("PersonSearchResult", {"results": PersonRowSerializer(many=True)})},
    )
    def get(self, request: Request) -> Response:
        params = _SearchSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        user = acting_user(request)
        people = selectors.person_page(user, {"q": params.validated_data["q"]}, limit=SEARCH_LIMIT)
        prefetch_related_objects(people, "occupations__occupation")
        audit_read(request, endpoint="people_search", people=people)
        full = may_see_full_national_id(user)
        return Response({"results": [person_row(p, full=full) for p in people]})


class _SearchSerializer(StrictSerializer):
    q = serializers.CharField(min_length=2, max_length=100)


def etag(person: Person) -> str:
    """The person's version as an entity tag: ``"v3"``."""
    return f'"v{person.version}"'


# One strong entity tag of ours; a weak tag (W/"v3") never matches If-Match (strong comparison).
_TAG = re.compile(r'^"v(\d{1,9})"$')


def if_match(request: Request) -> Opened | None:
    """The version ``If-Match`` names (ADR 0445): None when absent or ``*`` (the client asks for no
    check); a version no record has (-1) when it names anything but one tag of ours, so it is refused."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    found = _TAG.match(tags[0]) if len(tags) == 1 else None
    return Opened(int(found.group(1)) if found else -1)


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='the ETag of the person as last read (e.g. "v3"): if someone saved the person since, '
    "412 and nothing is written. Without it the change is applied to the person as they are now.",
)


class PersonDetail(V1View):
    required_operations = {"GET": Operation.READ, "PATCH": Operation.WRITE}

    def _get(self, request: Request, pk: int) -> Person:
        return person_in_scope(request, pk)

    @extend_schema(
        operation_id="v1_people_detail",
        responses={
            200: OpenApiResponse(
                PersonDetailSerializer,
                description="the person; the ETag header carries their version",
            )
        },
        examples=[OpenApiExample("a person, ID masked", response_only=True, value=PERSON_EXAMPLE)],
    )
    def get(self, request: Request, pk: int) -> Response:
        person = self._get(request, pk)
        audit_read(request, endpoint="person_detail", person=person)
        response = Response(person_detail(person, full=may_see_full_national_id(acting_user(request))))
        response["ETag"] = etag(person)
        return response

    @extend_schema(
        operation_id="v1_people_update",
        request=PersonWriteSerializer(partial=True),
        parameters=[IF_MATCH],
        responses={
            200: PersonDetailSerializer,
            412: OpenApiResponse(
                ErrorSerializer,
                description="ข้อมูลถูกบันทึกหลังจากที่อ่าน / saved by someone else since the If-Match version",
                examples=[OpenApiExample("stale", value=error_body("stale"), response_only=True)],
            ),
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        _require_editor(request)
        incoming = PersonWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        person = self._get(request, pk)
        fields = dict(incoming.validated_data)
        if "subdistrict_code" in fields:  # a new address: its district and province follow the sub-district
            fields.update(district_code="", province_code="")
        try:
            person = person_update(actor=request.user, person=person, fields=fields, opened=if_match(request))
        except StaleEdit:
            raise PreconditionFailed() from None
        response = Response(person_detail(person, full=may_see_full_national_id(acting_user(request))))
        response["ETag"] = etag(person)
        return response
