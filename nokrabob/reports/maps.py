"""Choropleth maps of Bangkok's 50 districts and Thailand's 77 provinces, as SVG (matplotlib).

Boundaries come from ``geo/`` (see ``geo/SOURCE.md``: Thailand COD-AB, CC BY 3.0 IGO; names GeoThai, CC BY
4.0); the attribution is drawn under every map and must be shown with it. Areas whose value is hidden
by the small-cell rule are hatched, areas without a value are light grey.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure as Drawing
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import MaxNLocator

from nokrabob.reports.suppression import SUPPRESSED
from nokrabob.reports.svg import MUTED, thai_figure, to_svg

GEO_DIR = Path(__file__).resolve().parent / "geo"
ATTRIBUTION = (
    "Boundaries: Royal Thai Survey Department, via OCHA / Humanitarian Data Exchange, Thailand COD-AB, "
    "CC BY 3.0 IGO; simplified. Names and codes: GeoThai/data (DOPA), CC BY 4.0."
)
FILES = {"district": "bangkok_districts.geojson", "province": "provinces.geojson"}
NO_DATA = "#e4e7eb"


@dataclass(frozen=True)
class Area:
    code: str
    name_th: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


@cache
def areas(level: str) -> tuple[Area, ...]:
    """The features of one level, exterior rings only (holes are not needed at this scale)."""
    data = json.loads((GEO_DIR / FILES[level]).read_text(encoding="utf-8"))
    found = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = tuple(tuple((x, y) for x, y in polygon[0]) for polygon in polygons)
        props = feature["properties"]
        found.append(Area(props["code"], props["name_th"], rings))
    return tuple(found)


def choropleth(
    level: str,
    values: Mapping[str, float | None],
    *,
    title: str,
    legend: str,
    percent: bool = False,
) -> str:
    """``values``: area code → value (None = suppressed; a code left out = no data)."""
    return to_svg(choropleth_drawing(level, values, title=title, legend=legend, percent=percent))


def _bounds(features: tuple[Area, ...]) -> tuple[float, float, float, float]:
    xs = [x for a in features for ring in a.rings for x, _y in ring]
    ys = [y for a in features for ring in a.rings for _x, y in ring]
    return min(xs), max(xs), min(ys), max(ys)


def choropleth_drawing(
    level: str,
    values: Mapping[str, float | None],
    *,
    title: str,
    legend: str,
    percent: bool = False,
) -> Drawing:
    """The map as a matplotlib figure (see :func:`choropleth`)."""
    features = areas(level)
    shown = [v for v in values.values() if v is not None]
    top = max(shown, default=0) or 1
    norm = Normalize(vmin=0, vmax=100 if percent else top)
    cmap = colormaps["Blues"]
    x0, x1, y0, y1 = _bounds(features)
    width = 6.4 if level == "district" else 5.2
    height = 6.2 if level == "district" else 8.6
    with thai_figure(width, height) as figure:
        axes = figure.add_axes((0.02, 0.1, 0.96, 0.82))
        axes.set_title(title, loc="left", fontsize=13, fontweight="bold")
        for area in features:
            value = values.get(area.code, "missing")
            hatch, face = "", cast(Any, NO_DATA)
            if value is None:
                hatch = "////"
            elif isinstance(value, int | float):
                face = cmap(0.12 + 0.88 * norm(value))
            for ring in area.rings:
                patch = Polygon(
                    ring, closed=True, facecolor=face, edgecolor="white", linewidth=0.5, hatch=hatch
                )
                patch.set_gid(f"area-{area.code}")
                axes.add_artist(patch)  # limits are set below: no per-vertex bounds walk
        axes.set_xlim(x0, x1)
        axes.set_ylim(y0, y1)
        axes.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
        axes.set_axis_off()
        mappable = ScalarMappable(norm=norm, cmap=cmap)
        bar = figure.colorbar(
            mappable, ax=axes, orientation="horizontal", fraction=0.035, pad=0.01, shrink=0.7
        )
        bar.set_label(legend, fontsize=10)
        if not percent:
            bar.locator = MaxNLocator(integer=True)  # people come whole
            bar.update_ticks()
        axes.legend(
            handles=[
                Patch(
                    facecolor=NO_DATA, edgecolor=MUTED, hatch="////", label=f"{SUPPRESSED} ปกปิด (น้อยกว่า 5 คน)"
                ),
                Patch(facecolor=NO_DATA, edgecolor=MUTED, label="ไม่มีข้อมูล"),
            ],
            loc="lower left" if level == "province" else "upper right",
            fontsize=9,
            frameon=False,
        )
        figure.text(0.02, 0.0, ATTRIBUTION, fontsize=6.2, color=MUTED, wrap=True, va="top")
        return figure


def area_of(code: str) -> tuple[str, Area] | None:
    """(level, Area) for a Bangkok district code (4 digits) or a province code (2 digits)."""
    level = "district" if len(code) == 4 and code.startswith("10") else "province"
    wanted = code if level == "district" else code[:2]
    for area in areas(level):
        if area.code == wanted:
            return level, area
    return None


def point_map(area_code: str, latitude: float, longitude: float, *, title: str, label: str) -> str | None:
    """One place (a household) as a point on its Bangkok district, or its province elsewhere, with the
    neighbouring areas in grey for bearing. None when the area has no boundary."""
    found = area_of(area_code)
    if found is None:
        return None
    level, own = found
    x0, x1, y0, y1 = _bounds((own,))
    pad_x, pad_y = (x1 - x0) * 0.15 or 0.01, (y1 - y0) * 0.15 or 0.01
    with thai_figure(4.8, 4.8) as figure:
        axes = figure.add_axes((0.02, 0.1, 0.96, 0.8))
        axes.set_title(title, loc="left", fontsize=12, fontweight="bold")
        for area in areas(level):
            mine = area.code == own.code
            for ring in area.rings:
                axes.add_artist(
                    Polygon(
                        ring,
                        closed=True,
                        facecolor="#cfe1f2" if mine else NO_DATA,
                        edgecolor="white" if not mine else "#2f6f9f",
                        linewidth=1.2 if mine else 0.5,
                        zorder=2 if mine else 1,
                    )
                )
        axes.plot([longitude], [latitude], marker="o", markersize=9, color="#c0392b", zorder=3)
        axes.annotate(label, (longitude, latitude), textcoords="offset points", xytext=(8, 8), fontsize=10)
        axes.set_xlim(min(x0, longitude) - pad_x, max(x1, longitude) + pad_x)
        axes.set_ylim(min(y0, latitude) - pad_y, max(y1, latitude) + pad_y)
        axes.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
        axes.set_axis_off()
        figure.text(0.02, 0.0, ATTRIBUTION, fontsize=5.5, color=MUTED, wrap=True, va="top")
        return to_svg(figure)
