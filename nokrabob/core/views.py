from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nokrabob.core.home import cards_for
from nokrabob.core.http import local_path
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
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a request it refuses before any view: too many fields, a body it cannot read), said
    in Thai on a page, and in the API's one error shape on the API."""
    from django.utils.translation import gettext as _

    if request.path.startswith("/api/"):
        from nokrabob.api.errors import error_body  # the API's one error shape

        return JsonResponse(error_body("malformed_request"), status=400)
    message = _("คำขอนี้มีข้อมูลที่ระบบอ่านไม่ได้ กรุณาตรวจสอบแล้วลองใหม่")
    return render(request, "400.html", {"message": message}, status=400)
