"""No inline script and no inline event handler in any template: the Content-Security-Policy allows
scripts from the site's own files only (config/settings/base.py), so such code would not run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.DOTALL)
JS_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
HTMX_EVAL = re.compile(r"""\shx-on[:\-\w]*\s*=|\shx-vals\s*=\s*["']\s*js:""", re.IGNORECASE)


def inline_code(text: str) -> list[str]:
    """What a strict policy would refuse in this template's source."""
    found = []
    for attrs, body in SCRIPT.findall(text):
        if body.strip() or "src=" not in attrs.replace(" ", ""):
            found.append(f"inline <script>: {body.strip()[:60]!r}")
    found += [f"event handler {name}=" for name in HANDLER.findall(text)]
    found += ["javascript: URL" for _ in JS_URL.findall(text)]
    found += ["htmx inline code" for _ in HTMX_EVAL.findall(text)]
    return found


def project_templates() -> list[Path]:
    dirs = [Path(d) for d in engines["django"].engine.dirs]  # type: ignore[attr-defined]
    dirs += [Path(p) for p in (settings.BASE_DIR / "nokrabob").glob("*/templates")]
    return sorted(path for d in dirs for path in d.rglob("*.html"))


def test_the_sweep_reads_every_template():
    paths = project_templates()
    assert len(paths) > 100
    assert any(p.name == "base.html" for p in paths) and any(p.name == "login_code.html" for p in paths)


@pytest.mark.parametrize(
    "sample",
    [
        "<script>alert(1)</script>",
        '<script type="module">\n  go()\n</script>',
        '<button onclick="window.print()">',
        '<form method="post"\n      onsubmit="return confirm(1)">',
        '<img src="x.png" onerror=alert(1)>',
        '<a href="javascript:void(0)">',
        '<div hx-on:click="alert(1)">',
    ],
)
def test_the_sweep_finds_inline_code(sample):
    assert inline_code(sample)


@pytest.mark.parametrize(
    "sample",
    [
        '<script src="/static/js/app.js" defer></script>',
        '<button type="button" data-print>',
        '<form method="post" data-confirm="ยืนยัน">',
        "<p>one=1, online = ok</p>",
        '<input name="phone" data-on="x">',
    ],
)
def test_the_sweep_allows_files_and_data_attributes(sample):
    assert not inline_code(sample)


def test_no_template_has_inline_script_or_event_handlers():
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in project_templates()
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
