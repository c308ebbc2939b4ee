"""The Thai-digit option, applied in one place: to the text of every page and PDF as it leaves the server.

Numbers are formatted in many places (dates, counts, percentages, incomes, ages, chart labels, messages);
rather than each formatter remembering the option, the finished HTML of a page (``ThaiFirstLocaleMiddleware``)
and of a PDF (``core.pdf.render_pdf``) has the Arabic digits of its *text* turned into Thai digits.

What stays Arabic: everything that is not text a person reads — tag attributes other than
``placeholder``, ``title``, ``alt`` and ``aria-label`` (links, form values, chart coordinates),
``<script>``, ``<style>``, ``<textarea>`` (what the user types), character references (``&#39;``) — and,
by choice, ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>`` and any element marked ``data-digits="arabic"``
(the "123" button that switches Arabic digits back on). National IDs, phone numbers and codes are shown in
Thai digits too, as the seed documents write every number; the national-ID rule and the date fields read
Thai digits typed back (``core.thai.to_arabic_digits``). Files for other systems (Excel, CSV, JSON, the
API) are data and keep Arabic digits.
"""

from __future__ import annotations

import re

from nokrabob.core.thai import to_thai_digits

KEEP_TAGS = frozenset({"script", "style", "textarea", "code", "pre", "kbd", "samp"})
KEEP_MARK = re.compile(r"""\bdata-digits\s*=\s*["']?arabic""", re.I)
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)([^>]*)>|[^<]+|<", re.S)
_DIGIT_OR_REFERENCE = re.compile(r"&#?\w+;|[0-9]+")
# Attributes a person reads: a field's example, a hover title, an image's or a chart's description.
_READ_ATTRIBUTE = re.compile(r"""(\s(?:placeholder|title|alt|aria-label)\s*=\s*)("[^"]*"|'[^']*')""", re.I)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _thai_text(text: str) -> str:
    return _DIGIT_OR_REFERENCE.sub(lambda m: m[0] if m[0][0] == "&" else to_thai_digits(m[0]), text)


def _thai_attributes(tag: str) -> str:
    return _READ_ATTRIBUTE.sub(lambda m: m[1] + _thai_text(m[2]), tag) if "=" in tag else tag


def thai_digits_in_html(html: str) -> str:
    """The same document with the digits of its text in Thai."""
    out: list[str] = []
    keep: list[str] = []  # the open elements whose text stays as it is (innermost last)
    depth: dict[str, int] = {}  # open elements of the same name inside the innermost kept one
    for match in _TOKEN.finditer(html):
        token = match[0]
        closing, name, attrs = match[1], (match[2] or "").lower(), match[3] or ""
        if name:
            self_closing = attrs.rstrip().endswith("/") or name in _VOID
            if keep and name == keep[-1] and not self_closing:
                depth[name] = depth.get(name, 0) + (-1 if closing else 1)
                if depth[name] < 0:
                    keep.pop()
                    depth.pop(name)
            elif not closing and not self_closing and (name in KEEP_TAGS or KEEP_MARK.search(attrs)):
                keep.append(name)
                depth[name] = 0
            out.append(token if keep or closing else _thai_attributes(token))
        elif keep or token.startswith("<"):
            out.append(token)
        else:
            out.append(_thai_text(token))
    return "".join(out)
