"""Query parameters the read-only endpoints share, validated like any input: a wrong value is a 400 in the
error shape, not silently ignored and never a 500 (a year past the database's integer range)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.request import Request


class FiscalYearQuery(serializers.Serializer):
    fiscal_year = serializers.IntegerField(
        required=False, min_value=2400, max_value=2700, help_text="ปีงบประมาณ พ.ศ. / Buddhist-Era fiscal year"
    )

    @classmethod
    def read(cls, request: Request) -> int | None:
        """``?fiscal_year=`` or None; raises the API's 400 for a value that is not a Buddhist-Era year."""
        params = cls(data=request.query_params)
        params.is_valid(raise_exception=True)
        year: int | None = params.validated_data.get("fiscal_year")
        return year
