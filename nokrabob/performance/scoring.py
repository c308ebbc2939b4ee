"""Pure scoring rules (no database): level from a %, score from weight and level, a unit's total.

Seed 004's tables read: level 5 = 100 % = 10 points, level 4 = 80 % = 8 … level 1 = 20 % = 2 points
for a 10-point indicator, i.e. score = weight × level / 5; a 20-point joint indicator scores 20/16/12/8/4.
A unit's total is Σ weight × level / Σ weight, a level between 0 and 5 shown with a colour band.

These functions are also used by the provincial rounds (``nokrabob.projects``): keep their signatures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

MAX_LEVEL = 5
ZERO = Decimal("0")
HUNDRED = Decimal("100")

# The usual table when an indicator gives none: level n is reached at 20·n % of the target.
DEFAULT_THRESHOLDS: tuple[tuple[int, Decimal], ...] = tuple(
    (level, Decimal(20 * level)) for level in range(1, MAX_LEVEL + 1)
)


def _d(value: Decimal | int | float | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def quantize(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def percent_of(value: Decimal | int | float, target: Decimal | int | float) -> Decimal | None:
    """``value`` as a % of ``target`` (None when there is no positive target)."""
    target_d = _d(target)
    if target_d <= 0:
        return None
    return _d(value) * HUNDRED / target_d


def ratio(
    numerator: Decimal | int | float, denominator: Decimal | int | float, factor: Decimal | int = 100
) -> Decimal | None:
    """numerator / denominator × factor (None when the denominator is 0)."""
    den = _d(denominator)
    if den == 0:
        return None
    return _d(numerator) / den * _d(factor)


def _sorted(thresholds: Iterable[tuple[int, Decimal | int | float]]) -> list[tuple[int, Decimal]]:
    rows = sorted((int(level), _d(pct)) for level, pct in thresholds)
    for (l1, p1), (l2, p2) in pairwise(rows):
        if l1 == l2 or p2 <= p1:
            raise ValueError("levels must be distinct and their thresholds must rise with the level")
    return rows


def level_for(
    value: Decimal | int | float, thresholds: Sequence[tuple[int, Decimal | int | float]] = DEFAULT_THRESHOLDS
) -> int:
    """The highest level whose threshold ``value`` reaches; 0 below level 1.

    ``thresholds`` is (level, threshold) pairs, e.g. seed 004's ((1, 20), (2, 40), … (5, 100)); the
    threshold is in the same unit as ``value`` (usually a % of the target).
    """
    v = _d(value)
    reached = 0
    for level, threshold in _sorted(thresholds):
        if v >= threshold:
            reached = level
    return reached


def interpolated_level(
    value: Decimal | int | float, thresholds: Sequence[tuple[int, Decimal | int | float]] = DEFAULT_THRESHOLDS
) -> Decimal:
    """Level with linear interpolation between thresholds (e.g. 70 % between 60 % = 3 and 80 % = 4 → 3.5).

    Below the first threshold it scales down to 0 at 0; above the top it stays at the top level.
    """
    v = _d(value)
    rows = _sorted(thresholds)
    if not rows or v <= 0:
        return ZERO
    if v >= rows[-1][1]:
        return Decimal(rows[-1][0])
    prev_level, prev_pct = ZERO, ZERO
    for level, pct in rows:
        if v < pct:
            if pct <= prev_pct:
                return prev_level
            return quantize(
                prev_level + (Decimal(level) - prev_level) * (v - prev_pct) / (pct - prev_pct), "0.0001"
            )
        prev_level, prev_pct = Decimal(level), pct
    return prev_level  # pragma: no cover - v below the top threshold returns inside the loop


def score(weight: Decimal | int | float, level: Decimal | int | float, max_level: int = MAX_LEVEL) -> Decimal:
    """score = weight × level / 5 (seed 004: weight 10, level 4 → 8 points; weight 20, level 4 → 16)."""
    lvl = _d(level)
    if lvl < 0 or lvl > max_level:
        raise ValueError(f"level {level} is outside 0–{max_level}")
    return quantize(_d(weight) * lvl / max_level)


def weighted_level(items: Iterable[tuple[Decimal | int | float, Decimal | int | float]]) -> Decimal | None:
    """A unit's total: Σ weight × level / Σ weight over (weight, level) pairs (None if no weight)."""
    total_weight = ZERO
    total = ZERO
    for weight, level in items:
        w = _d(weight)
        total_weight += w
        total += w * _d(level)
    if total_weight == 0:
        return None
    return quantize(total / total_weight, "0.0001")


@dataclass(frozen=True)
class Band:
    """A colour band for a level 0–5. ``css`` is one of the stylesheet's band classes."""

    code: str
    lower: Decimal
    css: str


# From the top: 4.5–5 excellent, 3.5–4.5 good, 2.5–3.5 fair, 1.5–2.5 needs improvement, below 1.5 poor.
BANDS: tuple[Band, ...] = (
    Band("excellent", Decimal("4.5"), "band-5"),
    Band("good", Decimal("3.5"), "band-4"),
    Band("fair", Decimal("2.5"), "band-3"),
    Band("weak", Decimal("1.5"), "band-2"),
    Band("poor", ZERO, "band-1"),
)


def band_for(level: Decimal | int | float | None) -> Band | None:
    if level is None:
        return None
    lvl = _d(level)
    for band in BANDS:
        if lvl >= band.lower:
            return band
    return BANDS[-1]
