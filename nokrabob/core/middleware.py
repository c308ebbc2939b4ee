"""Thai first: the language is Thai unless the user chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most office browsers here
are set to English; the users asked for Thai by default, so only the explicit choice (a cookie set by
the language switch) changes it. The same middleware carries the Thai-digits preference and applies it
to the finished page (``core.digits``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

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


class NulByteGuardMiddleware:
    """A query string with a NUL byte is refused with a clear 400 before any view reads it.

    No text a person types contains NUL, and PostgreSQL refuses it in any string it is given, so a
    hand-edited ``?q=1%00`` would otherwise end as a server error in whichever view searched with it.
    Form posts are left to their forms, which refuse control characters on the field itself
    (``core.text.guard_text_fields``) and show the form again with the person's other answers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("ข้อมูลที่ส่งมามีอักขระที่ใช้ไม่ได้ (NUL) กรุณาตรวจสอบแล้วลองใหม่")
            if request.path.startswith("/api/"):
                from nokrabob.api.errors import error_body  # the API's one error shape

                return JsonResponse(error_body("invalid", th=message), status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    texts = [request.path]
    for key, values in request.GET.lists():
        texts.append(key)
        texts.extend(values)
    return any("\x00" in text for text in texts)
