"""Thai first: the language is Thai unless the user chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most office browsers here
are set to English; the users asked for Thai by default, so only the explicit choice (a cookie set by
the language switch) changes it. The same middleware carries the Thai-digits preference and applies it
to the finished page (``core.digits``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from nokrabob.core.digits import thai_digits_in_html
from nokrabob.core.preferences import DIGITS_COOKIE, reset_thai_digits, set_thai_digits


class ThaiFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        thai = request.COOKIES.get(DIGITS_COOKIE) == "thai"
        token = set_thai_digits(thai)
        try:
            response = self.get_response(request)
            if thai:
                _thai_digits_in(response)
        finally:
            reset_thai_digits(token)
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page, file and API answer the app makes.

    Pages, Excel and PDF files and API answers carry people's data; no browser, shared office computer or
    proxy may keep a copy. Static files (fonts, CSS, scripts) are left to their own caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


def _thai_digits_in(response: HttpResponse) -> None:
    """The Thai-digit option on a finished HTML page (``core.digits``); files and streams are left alone."""
    if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
        return
    charset = response.charset or "utf-8"
    response.content = thai_digits_in_html(response.content.decode(charset)).encode(charset)
