from __future__ import annotations

import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nokrabob.core.home import cards_for
from nokrabob.core.http import local_path
from nokrabob.core.outage import (
    is_database_unavailable,
    retry_after_seconds,
    server_error_response,
    unavailable_response,
)
from nokrabob.core.preferences import DIGITS_COOKIE


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"cards": cards_for(request.user)})


@require_POST
def set_digits(request: HttpRequest) -> HttpResponse:
    """Switch between Thai and Arabic digits (a cookie, like the language switch)."""
    choice = "thai" if request.POST.get("digits") == "thai" else "arabic"
    response = HttpResponseRedirect(local_path(request, request.POST.get("next")))
    response.set_cookie(DIGITS_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 (with ``Retry-After``) while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        if not is_database_unavailable(exc):
            raise
        response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(retry_after_seconds())
        return response
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 (an error no view or middleware handled). The database away (a middleware that read the
    session or the user before any view) is a 503 with the Thai page; anything else the Thai 500 page; on the
    API, the API's error shape. Renders without the database."""
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return unavailable_response(request)
    return server_error_response(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a request it refuses before any view: too many fields, a body it cannot read), said
    in Thai on a page, and in the API's one error shape on the API."""
    from django.utils.translation import gettext as _

    if request.path.startswith("/api/"):
        from nokrabob.api.errors import error_body  # the API's one error shape

        return JsonResponse(error_body("malformed_request"), status=400)
    message = _("คำขอนี้มีข้อมูลที่ระบบอ่านไม่ได้ กรุณาตรวจสอบแล้วลองใหม่")
    return render(request, "400.html", {"message": message}, status=400)
