"""PDF from HTML with WeasyPrint, in the Sarabun typeface from the ``fontpkg-sarabun`` package.

Templates extend ``pdf/base.html``, which declares the font faces through ``file://`` URLs to the package's
files (nothing fetched) and ends with the certification and signature block the users sign. The reader's
Thai-digit option applies to the whole document (``core.digits``), page numbers included.
"""

from __future__ import annotations

from typing import Any

import fontpkg_sarabun
from django.template.loader import render_to_string


def sarabun_font_faces() -> str:
    files = fontpkg_sarabun.ROOT / "files"
    faces = []
    for weight, name in ((400, "Regular"), (600, "SemiBold"), (700, "Bold")):
        url = (files / f"Sarabun-{name}.ttf").as_uri()
        faces.append(f"@font-face {{ font-family: 'Sarabun'; font-weight: {weight}; src: url('{url}'); }}")
    return "\n".join(faces)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    from nokrabob.core.digits import thai_digits_in_html
    from nokrabob.core.preferences import use_thai_digits

    thai = use_thai_digits()
    html: str = render_to_string(
        template_name,
        {
            **context,
            "sarabun_font_faces": sarabun_font_faces(),
            "page_counter_style": "thai" if thai else "decimal",
        },
    )
    if thai:
        html = thai_digits_in_html(html)
    return HTML(string=html, base_url=str(fontpkg_sarabun.ROOT)).write_pdf()
