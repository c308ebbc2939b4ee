"""Demo data: a small motorcycle-taxi list from the Department of Land Transport, imported by the department's
demo user (with its planted bad rows, so the error report has something to show)."""

from __future__ import annotations

from typing import IO

from django.conf import settings

from nokrabob.imports.models import ImportBatch, MappingTemplate
from nokrabob.imports.sample_lists import generate


def load(stdout: IO[str]) -> None:
    from nokrabob.accounts.models import User
    from nokrabob.imports.services import batch_create, batch_set_mapping, run_batch, upload_dir

    if ImportBatch.objects.filter(source_name="กรมการขนส่งทางบก (ตัวอย่าง)").exists():
        return
    user = User.objects.filter(username="sps").first()
    if user is None:
        stdout.write("imports demo: user 'sps' missing, skipped\n")
        return
    path = upload_dir() / "demo-dlt-motorcycle-taxi.csv"
    generate(path, 300, seed=2569, bad_every=25, dup_every=60, encoding="cp874", provinces=("10",))
    batch = batch_create(actor=user, path=path, file_name="รายชื่อวินจักรยานยนต์รับจ้าง-ขบ.csv",
                         source_name="กรมการขนส่งทางบก (ตัวอย่าง)")  # fmt: skip
    if not MappingTemplate.objects.filter(name="รายชื่อวินจักรยานยนต์รับจ้าง กรมการขนส่งทางบก").exists():
        batch_set_mapping(actor=user, batch=batch, mapping=batch.mapping,
                          template_name="รายชื่อวินจักรยานยนต์รับจ้าง กรมการขนส่งทางบก")  # fmt: skip
    batch = run_batch(batch.pk)
    stdout.write(
        f"imports demo: batch {batch.pk} ({settings.MEDIA_ROOT}) created {batch.rows_created}, "
        f"rejected {batch.rows_rejected}\n"
    )
