"""Thai first: the language is Thai unless the user chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most office browsers here
are set to English; the users asked for Thai by default, so only the explicit choice (a cookie set by
the language switch) changes it. The same middleware carries the Thai-digits preference.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
        token = set_thai_digits(request.COOKIES.get(DIGITS_COOKIE) == "thai")
        try:
            response = self.get_response(request)
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
