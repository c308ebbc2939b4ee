from django.contrib import admin

from nokrabob.collection.models import Campaign, CampaignDistrict, Choice, Question
from nokrabob.core.forms import BEDateAdminMixin


class CampaignDistrictInline(admin.TabularInline):
    model = CampaignDistrict
    extra = 0
    readonly_fields = ["token"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(BEDateAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ["name", "fiscal_year", "opens_on", "closes_on", "is_published"]
    list_filter = ["fiscal_year", "is_published"]
    inlines = [CampaignDistrictInline, QuestionInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["campaign", "list_name", "name", "label"]
    list_filter = ["campaign"]


# Submissions hold personal data: they are read through the scoped review queue, not the admin.
