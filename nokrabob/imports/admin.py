from django.contrib import admin

from nokrabob.imports.models import ImportBatch, ImportReviewItem, MappingTemplate, ValueSynonym


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "file_name", "source_name", "status", "dry_run", "rows_total", "rows_created",
                    "rows_updated", "rows_unchanged", "rows_rejected", "created_at")  # fmt: skip
    list_filter = ("status", "dry_run")
    readonly_fields = ("mapping",)


@admin.register(MappingTemplate)
class MappingTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "source_name", "updated_at")


@admin.register(ValueSynonym)
class ValueSynonymAdmin(admin.ModelAdmin):
    list_display = ("kind", "text", "code")
    list_filter = ("kind",)
    search_fields = ("text", "code")


@admin.register(ImportReviewItem)
class ImportReviewItemAdmin(admin.ModelAdmin):
    list_display = ("batch", "row_number", "status", "reason", "district_code")
    list_filter = ("status",)
    raw_id_fields = ("candidate", "result", "batch")
