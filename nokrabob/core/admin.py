from django.contrib import admin

from nokrabob.core.models import Area, OrgUnit


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "abbreviation", "kind", "area", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en", "abbreviation"]
    autocomplete_fields = ["area", "parent"]
