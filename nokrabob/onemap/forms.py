from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokrabob.onemap.tables import Table


class UploadForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์ (CSV หรือ XLSX)"))


class ColumnsForm(forms.Form):
    """One select per column of the table, listing the file's columns."""

    def __init__(
        self, *args: Any, table: Table, headers: list[str], suggested: dict[str, int], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.table = table
        choices = [("", _("— ไม่ใช้ —"))] + [(str(i), h or f"#{i + 1}") for i, h in enumerate(headers)]
        for target in table.targets:
            self.fields[f"col_{target.name}"] = forms.ChoiceField(
                label=target.label,  # type: ignore[arg-type]
                choices=choices,
                required=False,
                initial=str(suggested[target.name]) if target.name in suggested else "",
                help_text=_("จำเป็น") if target.name in table.required else "",
            )

    def mapping(self) -> dict[str, int]:
        return {
            t.name: int(self.cleaned_data[f"col_{t.name}"])
            for t in self.table.targets
            if self.cleaned_data.get(f"col_{t.name}")
        }
