from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"),
        "inactive": _("บัญชีนี้ถูกระงับการใช้งาน"),
    }


class UserForm(forms.Form):
    username = forms.CharField(label=_("ชื่อผู้ใช้"), max_length=150)
    password = forms.CharField(
        label=_("รหัสผ่าน"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("อย่างน้อย 8 ตัวอักษร ไม่ใช่ตัวเลขล้วน"),
    )
    first_name = forms.CharField(label=_("ชื่อ"), max_length=150, required=False)
    last_name = forms.CharField(label=_("นามสกุล"), max_length=150, required=False)
    email = forms.EmailField(label=_("อีเมล"), required=False)
    position = forms.CharField(label=_("ตำแหน่ง"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("บทบาท"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("หน่วยงาน"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("kind", "code"),
        required=False,
    )
    is_active = forms.BooleanField(label=_("ใช้งานได้"), required=False, initial=True)

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if editing:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("รหัสยืนยัน"),
        max_length=40,
        help_text=_("รหัส 6 หลักจากแอปยืนยันตัวตน หรือรหัสกู้คืนที่ได้รับไว้"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("รหัสยืนยัน"),
        max_length=40,
        help_text=_("รหัส 6 หลักที่แอปแสดงอยู่ขณะนี้ (เปลี่ยนทุก 30 วินาที)"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
