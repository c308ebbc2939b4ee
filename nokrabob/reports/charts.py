"""Bar and trend charts (matplotlib), as SVG for pages and PDFs and as PNG for workbooks.

``*_drawing`` functions return the matplotlib figure, so one drawing gives both files; ``bar_chart`` and
``line_chart`` return the SVG text. Hidden (suppressed) values are shown as the mark, with no bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure as Drawing
from matplotlib.ticker import MaxNLocator

from nokrabob.reports.suppression import SUPPRESSED
from nokrabob.reports.svg import MUTED, thai_figure, to_svg

BAR = "#2f6f9f"


def _fmt(value: float | None, percent: bool) -> str:
    if value is None:
        return SUPPRESSED
    return f"{value:.1f}%" if percent else f"{value:,.0f}"


def bar_drawing(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str,
    percent: bool = False,
    value_labels: Sequence[str] | None = None,
) -> Drawing:
    """Horizontal bars in the order given, each labelled with its value (or ``value_labels``)."""
    height = 0.9 + 0.32 * max(len(rows), 1)
    with thai_figure(7.2, height) as figure:
        axes = figure.add_axes((0.34, 0.9 / height * 0.55, 0.58, 1 - 0.9 / height))
        labels = [label for label, _v in rows]
        values = [v or 0 for _l, v in rows]
        positions = list(range(len(rows)))[::-1]
        axes.barh(positions, values, color=BAR, height=0.62)
        axes.set_yticks(positions, labels)
        top = max(values, default=0) or 1
        texts = list(value_labels) if value_labels is not None else [_fmt(v, percent) for _l, v in rows]
        for y, value, text in zip(positions, values, texts, strict=True):
            axes.text(value + top * 0.01, y, text, va="center", fontsize=10)
        axes.set_xlim(0, top * 1.18 if not percent else max(100, top) * 1.25)
        if not percent:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # people come whole
        axes.set_xlabel(unit, color=MUTED)
        axes.set_title(title, loc="left", fontsize=13, fontweight="bold")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.tick_params(axis="y", length=0)
        return figure


def bar_chart(
    rows: Sequence[tuple[str, float | None]], *, title: str, unit: str, percent: bool = False
) -> str:
    return to_svg(bar_drawing(rows, title=title, unit=unit, percent=percent))


def line_drawing(points: Sequence[tuple[str, float]], *, title: str, unit: str) -> Drawing:
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
        return figure


def line_chart(points: Sequence[tuple[str, float]], *, title: str, unit: str) -> str:
    return to_svg(line_drawing(points, title=title, unit=unit))
