"""One chart or map as the pages, the PDF and the workbook show it: its SVG, and the same numbers as a
table (for screen readers and for copying), each row optionally linking to the list it counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    title: str
    svg: str
    table: list[tuple[str, str]] = field(default_factory=list)  # (label, value as shown)
    attribution: str = ""
    links: list[str] = field(default_factory=list)  # per table row: the list it counts, "" for none
    value_heading: str = ""  # the table's value column; "จำนวน (คน)" when empty
    key: str = ""  # a stable name (tests, anchors)
    list_url: str = ""  # the whole list behind the figure
    list_text: str = ""
    drawing: Any = field(default=None, repr=False, compare=False)  # the matplotlib figure, for a PNG

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(label, value, url) per table row."""
        links = [*self.links, *[""] * (len(self.table) - len(self.links))]
        return [(label, value, url or "") for (label, value), url in zip(self.table, links, strict=False)]
