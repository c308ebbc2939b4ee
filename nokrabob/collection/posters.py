"""QR posters per campaign × district: a PNG of the code and a printable A4 PDF (WeasyPrint, Sarabun)."""

from __future__ import annotations

import base64
import io

import fontpkg_sarabun
import segno
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from nokrabob.collection.models import CampaignDistrict


def public_url(request: HttpRequest, campaign_district: CampaignDistrict) -> str:
    """The absolute link printed in the QR code (the host the staff member is using)."""
    return request.build_absolute_uri(reverse("collection:public_form", args=[campaign_district.token]))


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def poster_pdf(campaign_district: CampaignDistrict, url: str) -> bytes:
    from weasyprint import HTML

    fonts = (fontpkg_sarabun.ROOT / "files").resolve()
    html = render_to_string(
        "collection/poster.html",
        {
            "cd": campaign_district,
            "campaign": campaign_district.campaign,
            "url": url,
            "qr": qr_svg_data_uri(url),
            "font_regular": (fonts / "Sarabun-Regular.ttf").as_uri(),
            "font_bold": (fonts / "Sarabun-Bold.ttf").as_uri(),
        },
    )
    return HTML(string=html, base_url=str(fonts)).write_pdf()
