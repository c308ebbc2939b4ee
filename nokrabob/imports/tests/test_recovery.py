"""A batch whose process died is found, and resumed or rolled back from its page."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.imports import recovery
from nokrabob.imports.models import ImportBatch, ImportStatus
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tasks import find_interrupted_imports_task
from nokrabob.registry.models import Consent, Person

pytestmark = pytest.mark.django_db


class Crash(BaseException):
    """Stands for the process dying: nothing of the import's own clean-up runs."""


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def crashed(messy_file, make_user) -> tuple[ImportBatch, int]:  # type: ignore[no-untyped-def]
    """A batch that died after its first chunks were committed, and how many good rows the file holds."""
    path, manifest = messy_file
    batch = batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)

    def die(counts, total) -> None:  # type: ignore[no-untyped-def]
        if counts.done >= 100:
            raise Crash

    with pytest.raises(Crash):
        run_batch(batch.pk, chunk_rows=50, on_progress=die)
    ImportBatch.objects.filter(pk=batch.pk).update(worker_pid=_dead_pid())
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING and batch.rows_committed == 100
    return batch, manifest.rows - len(manifest.bad) - len(manifest.duplicates)


def test_the_page_finds_the_dead_batch_and_resumes_it(
    client, crashed, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    batch, good = crashed
    written = Person.objects.count()
    assert 0 < written < good and Consent.objects.count() == written
    client.force_login(batch.created_by)
    page = client.get(reverse("imports:job_detail", args=[batch.pk])).content.decode()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.INTERRUPTED
    assert "หยุดกลางคัน" in page and 'data-testid="resume"' in page and 'data-testid="rollback"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_resume", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert Person.objects.count() == batch.rows_created == good
    assert Consent.objects.count() == good


def test_the_page_rolls_the_dead_batch_back(client, crashed) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.registry.tally_models import TALLIES

    batch, _good = crashed
    client.force_login(batch.created_by)
    client.get(reverse("imports:job_detail", args=[batch.pk]))
    client.post(reverse("imports:job_rollback", args=[batch.pk]))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.ROLLED_BACK
    assert not Person.objects.exists() and not Consent.objects.exists()
    # The staged counts of its chunks were folded before its people were taken off: nobody is left, and no
    # cell holds a count (none went below zero while the staged ones waited).
    _counts_as_recounted(staged=False)
    assert not any(model._default_manager.exclude(n=0).exists() for model in TALLIES)


def test_the_periodic_task_finds_a_batch_of_another_host_by_its_heartbeat(crashed) -> None:  # type: ignore[no-untyped-def]
    batch, _good = crashed
    old = timezone.now() - dt.timedelta(seconds=recovery.STALE_AFTER_SECONDS + 5)
    ImportBatch.objects.filter(pk=batch.pk).update(worker_host="elsewhere", heartbeat_at=timezone.now())
    assert find_interrupted_imports_task.call_local() == []  # alive as far as anyone can tell
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=old)
    _counts_as_recounted(staged=True)
    assert find_interrupted_imports_task.call_local() == [batch.pk]
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.INTERRUPTED
    _counts_as_recounted(staged=False)  # its chunks' counts folded: readers no longer read staged rows


def test_a_live_worker_is_left_alone(crashed) -> None:  # type: ignore[no-untyped-def]
    import os

    batch, _good = crashed
    ImportBatch.objects.filter(pk=batch.pk).update(worker_pid=os.getppid())
    assert recovery.mark_interrupted_batches() == []


def _counts_as_recounted(*, staged: bool) -> None:
    from nokrabob.registry import tallies

    assert {model.__name__: differ for model, (_cells, differ) in tallies.compare().items() if differ} == {}
    assert tallies.has_staged(False) is staged


def test_a_dead_batchs_people_are_counted_while_it_waits_and_after_its_resume(
    client, crashed, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.registry.counting import CountFilter, registry_counts, registry_counts_from_records

    batch, _good = crashed
    _counts_as_recounted(staged=True)  # the committed chunks' people are staged, not folded yet
    user = batch.created_by
    everyone = CountFilter()
    for by in ((), ("district",), ("scheme", "welfare_status"), ("sex", "age_band")):
        assert registry_counts(user, everyone, by) == registry_counts_from_records(user, everyone, by)
    client.force_login(user)
    client.get(reverse("imports:job_detail", args=[batch.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_resume", args=[batch.pk]))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.DONE
    _counts_as_recounted(staged=False)  # the end of the import folded them in
