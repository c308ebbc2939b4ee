from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nokrabob.accounts import twofactor
from nokrabob.accounts.forms import UserForm
from nokrabob.accounts.models import User
from nokrabob.accounts.services import password_set, user_create, user_update
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user


def _require_user_admin(request: HttpRequest) -> None:
    if not acting_user(request).caps.manages_users:
        raise PermissionDenied


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_user_admin(request)
    users = User.objects.select_related("unit").order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create_view(request: HttpRequest) -> HttpResponse:
    _require_user_admin(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=acting_user(request),
                username=data["username"],
                password=data["password"],
                role=data["role"],
                unit=data["unit"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                position=data["position"],
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("สร้างผู้ใช้ %(username)s แล้ว") % {"username": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_admin(request)
    user = get_object_or_404(User, pk=pk)
    initial = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "role": user.role,
        "unit": user.unit,
        "is_active": user.is_active,
    }
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_update(
                actor=acting_user(request),
                user=user,
                role=data["role"],
                unit=data["unit"],
                is_active=data["is_active"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                position=data["position"],
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("บันทึกผู้ใช้ %(username)s แล้ว") % {"username": user.username})
            return redirect("accounts:user_list")
    context = {
        "form": form,
        "creating": False,
        "target": user,
        "has_two_factor": twofactor.has_two_factor(user),
    }
    return render(request, "accounts/user_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator sets a user's new password and, for a lost phone, removes their two-factor login."""
    _require_user_admin(request)
    user = get_object_or_404(User, pk=pk)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "reset_two_factor":
        twofactor.two_factor_reset(actor=acting_user(request), user=user)
        messages.success(
            request, _("ยกเลิกการยืนยันตัวตนสองขั้นตอนของ %(username)s แล้ว") % {"username": user.username}
        )
        return redirect("accounts:user_edit", pk=user.pk)
    if request.method == "POST" and form.is_valid():
        try:
            password_set(actor=acting_user(request), user=user, password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("ตั้งรหัสผ่านใหม่ของ %(username)s แล้ว") % {"username": user.username})
            return redirect("accounts:user_edit", pk=user.pk)
    context = {"form": form, "target": user, "has_two_factor": twofactor.has_two_factor(user)}
    return render(request, "accounts/user_password.html", context)
