"""Admin: register an agency's API client, issue its tokens (the key is shown once, in the message after
the action) and revoke them; tokens are listed with their last use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.api.models import ApiClient, ApiToken, Operation
from nokrabob.api.services import client_register, token_issue, token_revoke


class ApiClientForm(forms.ModelForm):
    operations = forms.MultipleChoiceField(
        label=gettext_lazy("การทำงานที่อนุญาต"), choices=Operation.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiClient
        fields = ["name", "contact", "unit", "operations", "expires_on", "rate_per_minute", "is_active"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "unit", "contact", "expires_on", "is_active"]
    actions = ["issue_token"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = client_register(
            actor=request.user,
            name=obj.name,
            contact=obj.contact,
            unit=obj.unit,
            operations=list(form.cleaned_data["operations"]),
            expires_on=obj.expires_on,
            rate_per_minute=obj.rate_per_minute,
        )
        obj.pk, obj.user = created.pk, created.user
        obj._state.adding = False

    @admin.action(description=gettext_lazy("ออกกุญแจ API ใหม่ (แสดงครั้งเดียว)"))
    def issue_token(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            _token, key = token_issue(actor=request.user, client=client)
            self.message_user(
                request, _("กุญแจของ %(name)s (แสดงครั้งเดียว): %(key)s") % {"name": client.name, "key": key}
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "client",
        "user",
        "label",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["client"]
    readonly_fields = ["prefix", "digest", "user", "client", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued from the client's page or manage.py api_token: the key must be shown once

    @admin.action(description=gettext_lazy("ยกเลิกกุญแจที่เลือก"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(actor=request.user, token=token)
        self.message_user(request, _("ยกเลิกกุญแจแล้ว"), messages.SUCCESS)
