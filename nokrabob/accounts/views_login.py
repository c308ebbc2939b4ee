"""Logging in with a second factor, setting it up, and changing passwords.

The password step (``LoginView``) does not log a user with two-factor login in: it remembers who passed
it for five minutes and asks for a code (``login_code``); only a right code logs in. A user whose role
requires two-factor login and who has not set it up is sent to the setup page by
``TwoFactorRequiredMiddleware`` until they have.
"""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from nokrabob.accounts import lockout, twofactor
from nokrabob.accounts.forms import CodeForm, LoginForm, SetupCodeForm
from nokrabob.accounts.models import User
from nokrabob.accounts.services import password_change_record
from nokrabob.core.http import acting_user, local_path

SESSION_PENDING = "login_pending"
PENDING_SECONDS = 5 * 60


def _wait_message(seconds: int) -> str:
    return _("กรอกรหัสผิดหลายครั้ง โปรดรอ %(seconds)d วินาทีแล้วลองใหม่") % {"seconds": seconds}


def _locked(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if lockout.address_blocked(request):
            return _locked(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not twofactor.has_two_factor(user):
            return super().form_valid(form)
        self.request.session[SESSION_PENDING] = {
            "user": user.pk,
            "backend": user.backend,  # type: ignore[attr-defined]
            "until": time.time() + PENDING_SECONDS,
            "next": self.get_success_url(),
        }
        return redirect("accounts:login_code")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    """Who is between the password and the code: from the password step, or a session that logged in
    before its user set up two-factor login (it must pass the code now)."""
    pending = request.session.get(SESSION_PENDING) or {}
    if pending and float(pending.get("until", 0)) > time.time():
        return User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first(), pending
    if request.user.is_authenticated and not twofactor.passed_second_factor(request.user):
        user = acting_user(request)
        if twofactor.has_two_factor(user):
            return user, {}
    return None, {}


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(SESSION_PENDING, None)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.username}
        if lockout.address_blocked(request) or not AxesProxyHandler.is_allowed(request, credentials):
            return _locked(request)
        wait = twofactor.wait_for_code(user, form.cleaned_data["code"])
        device = None if wait else twofactor.verify(user, form.cleaned_data["code"])
        if wait:
            form.add_error("code", _wait_message(wait))
        elif device is None:
            # Counted like a wrong password: the audit trail, the lockout of this username from this
            # address, and the address's count.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error("code", _("รหัสไม่ถูกต้องหรือหมดอายุแล้ว โปรดลองรหัสใหม่"))
        else:
            request.session.pop(SESSION_PENDING, None)
            if pending:
                user.otp_device = device  # type: ignore[attr-defined]  # django-otp keeps it in the session
                auth_login(request, user, backend=pending["backend"])
            else:
                otp_login(request, device)
            return HttpResponseRedirect(local_path(request, pending.get("next")))
    return render(request, "accounts/login_code.html", {"form": form, "pending_user": user})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (QR code), or, once set up, see the state and renew recovery codes."""
    user = acting_user(request)
    context: dict[str, Any] = {"required": twofactor.requires_two_factor(user)}
    if twofactor.has_two_factor(user):
        if not twofactor.passed_second_factor(user):
            return redirect("accounts:login_code")
        context["codes_left"] = twofactor.recovery_codes_left(user)
        return render(request, "accounts/two_factor_status.html", context)
    device = twofactor.pending_device(user)
    form = SetupCodeForm(request.POST or None)
    wait = twofactor.wait_seconds(device)
    if request.method == "POST" and form.is_valid() and wait:
        form.add_error("code", _wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        codes = twofactor.enrolment_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("รหัสไม่ถูกต้อง โปรดกรอกรหัส 6 หลักที่แอปแสดงอยู่ขณะนี้"))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "new_setup": True})
    context |= {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_for_typing(device),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not (twofactor.has_two_factor(user) and twofactor.passed_second_factor(user)):
        return redirect("accounts:two_factor_setup")
    codes = twofactor.recovery_codes_renew(user=user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "new_setup": False})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, user)
        password_change_record(actor=user, user=user)
        messages.success(request, _("เปลี่ยนรหัสผ่านแล้ว"))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})
