"""A small crawler over the app's own links, shared by the page-wide tests.

It follows ``href`` links from the home page, one page per URL pattern, and remembers each page's GET
forms so a test can send their fields odd values.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from django.urls import Resolver404, resolve

SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout", "/admin/", "/api/", "/i18n/")
HREF = re.compile(r'href="([/?][^"#]*)')
TAB = re.compile(r"(?:^|&)tab=([^&]*)")
GET_FORM = re.compile(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)


@dataclass
class Page:
    url: str
    status: int
    links: list[str] = field(default_factory=list)
    get_fields: set[str] = field(default_factory=set)
    html: str = ""


def crawl(client, limit: int = 400) -> dict[str, Page]:  # type: ignore[no-untyped-def]
    """Pages reachable from home by the app's own links: one per URL pattern and tab (``?tab=``)."""
    seen: set[object] = set()
    pages: dict[str, Page] = {}
    queue = deque(["/"])
    while queue and len(pages) < limit:
        url = queue.popleft()
        path, _, query = url.partition("?")
        try:
            match = resolve(path)
        except Resolver404:
            continue
        tab = TAB.search(query)
        key = (match.view_name, tab.group(1) if tab else "")
        if key in seen:
            continue
        seen.add(key)
        response = client.get(url)
        page = Page(url, response.status_code)
        pages[url] = page
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = page.html = response.content.decode()
            for link in HREF.findall(html):
                link = unescape(link)
                if link.startswith("?"):
                    link = path + link
                page.links.append(link)
                if not link.startswith(SKIP_PREFIXES):
                    queue.append(link if TAB.search(link.partition("?")[2]) else link.partition("?")[0])
            for form in GET_FORM.findall(html):
                page.get_fields.update(FIELD_NAME.findall(form))
    return pages


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts, styles or code samples."""

    HIDDEN = frozenset({"script", "style", "code", "pre", "textarea", "svg"})

    def __init__(self) -> None:
        super().__init__()
        self.hidden_depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)
