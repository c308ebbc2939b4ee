"""The registry's counts as the reports read them: ``registry_counts(user, CountFilter(...), by=...)``.

The interface is documented, and lives, in :mod:`nokrabob.registry.counting` (the registry keeps the
counts it writes, ADR 0400); the reports import it from here.
"""

from __future__ import annotations

from nokrabob.registry.counting import (
    AGE_BANDS,
    DIMENSIONS,
    NO_OCCUPATION,
    UNKNOWN_AGE,
    Catalogue,
    CountFilter,
    UnknownValue,
    age_range,
    band_of,
    catalogue,
    eligible_not_enrolled_counts,
    registry_counts,
    registry_counts_from_records,
    total,
)

__all__ = [
    "AGE_BANDS",
    "DIMENSIONS",
    "NO_OCCUPATION",
    "UNKNOWN_AGE",
    "Catalogue",
    "CountFilter",
    "UnknownValue",
    "age_range",
    "band_of",
    "catalogue",
    "eligible_not_enrolled_counts",
    "registry_counts",
    "registry_counts_from_records",
    "total",
]
