"""Server-side SVG with matplotlib's SVG backend, in the Sarabun typeface.

Each function returns an SVG document as text, made by matplotlib (no hand-written geometry), so the
same picture goes into the page, the PDF and the offline file. Text is drawn as paths: the picture looks
the same wherever it is opened; each chart has a table view beside it for screen readers and copying.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import fontpkg_sarabun
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

FAMILY = "Sarabun"
INK = "#1f2933"
MUTED = "#52606d"


SAVE_SETTINGS: Any = {
    "svg.fonttype": "path",
    "svg.hashsalt": "nokrabob",  # the same data gives the same file
}


@cache
def _register_fonts() -> None:
    for path in sorted((fontpkg_sarabun.ROOT / "files").glob("Sarabun-*.ttf")):
        font_manager.fontManager.addfont(str(path))


MATPLOTLIB_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


@contextmanager
def thai_figure(width: float, height: float) -> Iterator[Figure]:
    """A figure (inches) drawn in Sarabun; rc settings stay local to the block."""
    _register_fonts()
    settings: Any = {
        **SAVE_SETTINGS,
        "font.family": FAMILY,
        "font.size": 11,
        "text.color": INK,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
    }
    with rc_context(settings):
        figure = Figure(figsize=(width, height))
        yield figure


def to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    FigureCanvasSVG(figure)
    with rc_context(SAVE_SETTINGS):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.1)
    text = buffer.getvalue()
    start = text.find("<svg")
    text = text[start:] if start >= 0 else text  # inline in HTML: no XML prolog or DOCTYPE
    # The page's Content-Security-Policy refuses <style> elements; the one rule matplotlib writes there is in
    # static/css/reports.css (.chart-svg).
    return MATPLOTLIB_STYLE.sub("", text)


def to_png(figure: Figure, *, dpi: int = 110) -> bytes:
    """The same picture as a PNG (for the Excel workbook, which does not take SVG)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.1, facecolor="white")
    return buffer.getvalue()
