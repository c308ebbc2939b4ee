"""The Thai-digit option, applied in one place: to the text of every page and PDF as it leaves the server.

Numbers are formatted in many places (dates, counts, percentages, incomes, ages, chart labels, messages);
rather than each formatter remembering the option, the finished HTML of a page (``ThaiFirstLocaleMiddleware``)
and of a PDF (``core.pdf.render_pdf``) has the Arabic digits of its *text* turned into Thai digits.

What stays Arabic: everything that is not text a person reads — tag attributes other than
``placeholder``, ``title``, ``alt`` and ``aria-label`` (links, form values, chart coordinates),
``<script>``, ``<style>``, ``<textarea>`` (what the user types), character references (``&#39;``) — and,
by choice, ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>`` and any element marked ``data-digits="arabic"``
(the "123" button that switches Arabic digits back on; such an element must not hold another element of
its own name). National IDs, phone numbers and codes are shown in
Thai digits too, as the seed documents write every number; the national-ID rule and the date fields read
Thai digits typed back (``core.thai.to_arabic_digits``). Files for other systems (Excel, CSV, JSON, the
API) are data and keep Arabic digits.
"""

from __future__ import annotations

import re

_KEEP_TAGS = "script|style|textarea|code|pre|kbd|samp"
# The parts left as they are: the kept elements whole, and any element marked data-digits="arabic".
_KEEP = re.compile(rf"<({_KEEP_TAGS})\b[^>]*>.*?</\1\s*>", re.S | re.I)
_KEEP_MARKED = re.compile(
    rf"<({_KEEP_TAGS})\b[^>]*>.*?</\1\s*>"
    r"""|<([a-zA-Z][\w-]*)\b[^>]*\bdata-digits\s*=\s*["']?arabic[^>]*>.*?</\2\s*>""",
    re.S | re.I,
)
# A text node holding a digit, with the ">" before it and the "<" after it (so nothing inside a tag).
_TEXT_NODE = re.compile(r"(>[^<>0-9]*[0-9][^<>]*<)")
# Character references keep their digits (``&#39;``): put back after the text's digits turned Thai.
_THAI_REFERENCE = re.compile(r"&#([xX]?[0-9a-fA-F๐-๙]+);")
# Attributes a person reads: a field's example, a hover title, an image's or a chart's description.
_READ_ATTRIBUTE = re.compile(r"""(\s(?:placeholder|title|alt|aria-label)\s*=\s*)("[^"]*"|'[^']*')""", re.I)
_PAIRS = tuple(zip("0123456789", "๐๑๒๓๔๕๖๗๘๙", strict=True))
_JOIN = "\x00"


def _digits(text: str) -> str:
    # Ten ``replace`` calls: ``str.translate`` looks every character up on its own once a text holds Thai
    # (``bench/digits``; the same finding as ``core.thai.arabic_digits_of_long_text``).
    for arabic, thai in _PAIRS:
        if arabic in text:
            text = text.replace(arabic, thai)
    return text


def _arabic_reference(match: re.Match[str]) -> str:
    text = match[0]
    for arabic, thai in _PAIRS:
        text = text.replace(thai, arabic)
    return text


def _thai_nodes(nodes: list[str]) -> list[str]:
    """All the text nodes in one pass: joined, converted, split again (a call per node costs far more)."""
    joined = _JOIN.join(nodes)
    converted = _digits(joined)
    if "&#" in converted:
        converted = _THAI_REFERENCE.sub(_arabic_reference, converted)
    return converted.split(_JOIN)


def _convert(part: str) -> str:
    # ``part`` lies between kept elements, so it begins after a ">" and ends before a "<".
    pieces = _TEXT_NODE.split(f">{part}<")
    if len(pieces) > 1:
        pieces[1::2] = _thai_nodes(pieces[1::2])
    part = "".join(pieces)[1:-1]
    if "=" in part:
        part = _READ_ATTRIBUTE.sub(lambda m: m[1] + _digits(m[2]), part)
    return part


def thai_digits_in_html(html: str) -> str:
    """The same document with the digits of its text (and of its read attributes) in Thai."""
    if _JOIN in html:  # never in a page; the joined pass would split wrongly
        html = html.replace(_JOIN, "")
    keep = _KEEP_MARKED if "data-digits" in html else _KEEP
    out: list[str] = []
    position = 0
    for kept in keep.finditer(html):
        out.append(_convert(html[position : kept.start()]))
        out.append(kept[0])
        position = kept.end()
    out.append(_convert(html[position:]))
    return "".join(out)
