"""Admin for the registry's catalogues (occupations, schemes and their dated rules, communities).

People are not in the admin: every read of personal data goes through the scoped pages.
"""

from __future__ import annotations

from django.contrib import admin

from nokrabob.core.forms import BEDateAdminMixin
from nokrabob.registry.models import Community, Occupation, Scheme, SchemeRule


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "is_target_group", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    search_fields = ("code", "name_th", "name_en")


class SchemeRuleInline(BEDateAdminMixin, admin.TabularInline):  # type: ignore[misc]
    model = SchemeRule
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "kind", "is_formal", "has_options", "sort_order", "is_active")
    list_filter = ("kind", "is_formal", "is_active")
    search_fields = ("code", "name_th", "name_en")
    inlines = [SchemeRuleInline]


@admin.register(SchemeRule)
class SchemeRuleAdmin(BEDateAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = (
        "scheme",
        "option",
        "valid_from",
        "valid_to",
        "min_age",
        "max_age",
        "excludes_formal_workers",
    )
    list_filter = ("scheme",)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district_code", "subdistrict_code", "community_type", "registered_year")
    list_filter = ("district_code",)
    search_fields = ("code", "name")
