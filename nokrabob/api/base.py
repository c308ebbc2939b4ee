"""What every /api/v1/ view shares: authentication, the per-client throttle, the operation a client must
be allowed, and serializers that refuse fields they do not know."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from nokrabob.api.authentication import ClientRateThrottle, operations_of


class HasOperation(permissions.BasePermission):
    """The client was registered for the view's ``required_operation`` (per method)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = getattr(view, "required_operations", {}).get(request.method or "", "")
        return not needed or needed in operations_of(request)


class V1View(APIView):
    permission_classes = [permissions.IsAuthenticated, HasOperation]
    throttle_classes = [ClientRateThrottle]
    required_operations: dict[str, str] = {}


class StrictSerializer(serializers.Serializer):
    """Unknown fields are an error, not silently dropped: a misspelt field would otherwise be lost."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        unknown = sorted(set(data) - set(self.fields)) if hasattr(data, "keys") else []
        if unknown:
            raise serializers.ValidationError({name: [_("ไม่รู้จักช่องนี้ (unknown field)")] for name in unknown})
        return value


class Cursor(CursorPagination):
    """Keyset pages (``next``/``previous`` carry the cursor): a page costs the same at row 10 and at
    row 1,000,000, and rows added meanwhile neither repeat nor skip one. ``ordering`` is a unique column."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering: Any = ("id",)

    def decode_cursor(self, request: Any) -> Any:
        """A cursor that is not one of ours is bad input (400 on the field), not a missing page (404)."""
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [_("ตัวชี้หน้าไม่ถูกต้อง (invalid cursor)")]}) from None


class PageQuery(StrictSerializer):
    """``page_size`` and ``cursor``, the query of every cursor-paged list (a list adds its filters)."""

    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500)
    cursor = serializers.CharField(required=False, max_length=500)


def page_of(name: str, row: serializers.Serializer) -> Any:
    """The schema of a cursor page of ``row``."""
    from drf_spectacular.utils import inline_serializer

    return inline_serializer(
        name,
        {
            "next": serializers.CharField(allow_null=True),
            "previous": serializers.CharField(allow_null=True),
            "results": row,
        },
    )
