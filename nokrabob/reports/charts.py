"""Bar and trend charts as SVG (matplotlib). Hidden (suppressed) values are shown as the mark, no bar."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.ticker import MaxNLocator

from nokrabob.reports.suppression import SUPPRESSED
from nokrabob.reports.svg import MUTED, thai_figure, to_svg

BAR = "#2f6f9f"


def _fmt(value: float | None, percent: bool) -> str:
    if value is None:
        return SUPPRESSED
    return f"{value:.1f}%" if percent else f"{value:,.0f}"


def bar_chart(
    rows: Sequence[tuple[str, float | None]], *, title: str, unit: str, percent: bool = False
) -> str:
    """Horizontal bars, largest scale first-to-last as given, each labelled with its value."""
    height = 0.9 + 0.32 * max(len(rows), 1)
    with thai_figure(7.2, height) as figure:
        axes = figure.add_axes((0.34, 0.9 / height * 0.55, 0.58, 1 - 0.9 / height))
        labels = [label for label, _v in rows]
        values = [v or 0 for _l, v in rows]
        positions = list(range(len(rows)))[::-1]
        axes.barh(positions, values, color=BAR, height=0.62)
        axes.set_yticks(positions, labels)
        top = max(values, default=0) or 1
        for y, (_label, value) in zip(positions, rows, strict=True):
            axes.text((value or 0) + top * 0.01, y, _fmt(value, percent), va="center", fontsize=10)
        axes.set_xlim(0, top * 1.18 if not percent else max(100, top * 1.18))
        if not percent:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # people come whole
        axes.set_xlabel(unit, color=MUTED)
        axes.set_title(title, loc="left", fontsize=13, fontweight="bold")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.tick_params(axis="y", length=0)
        return to_svg(figure)


def line_chart(points: Sequence[tuple[str, float]], *, title: str, unit: str) -> str:
    """A trend over periods (labels already in Buddhist-era form, e.g. "ต.ค. 68"). A hidden value is
    given as NaN: the line breaks there and the point carries the suppression mark."""
    with thai_figure(7.2, 3.0) as figure:
        axes = figure.add_axes((0.1, 0.2, 0.86, 0.66))
        xs = list(range(len(points)))
        ys = [v for _l, v in points]
        axes.plot(xs, ys, color=BAR, marker="o", linewidth=2)
        axes.set_xticks(xs, [label for label, _v in points], fontsize=9)
        finite = [y for y in ys if not math.isnan(y)]
        axes.set_ylim(0, (max(finite, default=0) or 1) * 1.2)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(unit, color=MUTED)
        axes.set_title(title, loc="left", fontsize=13, fontweight="bold")
        for x, y in zip(xs, ys, strict=True):
            hidden = math.isnan(y)
            axes.annotate(
                SUPPRESSED if hidden else f"{y:,.0f}",
                (x, 0 if hidden else y),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=9,
            )
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return to_svg(figure)
