"""Background jobs (book builds, Word imports): a worker that dies leaves a job that is
marked failed within a minute and can be retried at once, resuming where it stopped."""

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Application, ImportBatch
from cases.models import job_runner as jobs
from cases.storage.private import private_storage
from cases.submission import tasks
from tests.cases.submission.docx_files import VALUES, filled_form
from tests.factories import section

Status = ImportBatch.Status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_heartbeat_goes_on_while_a_job_is_silent(campaign, monkeypatch):
    batch = ImportBatch.objects.create(campaign=campaign, section=section())
    beats = []

    def silent_work(job):  # like a WeasyPrint layout: half a minute without a word
        started = ImportBatch.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.5)
        beats.append((started, ImportBatch.objects.get(pk=job.pk).heartbeat_at))
        jobs.finish(job, Status.SUCCEEDED)

    monkeypatch.setattr(jobs, "HEARTBEAT", 0.1)
    jobs.run(batch, silent_work)
    [(started, later)] = beats
    assert later > started
    assert ImportBatch.objects.get(pk=batch.pk).status == Status.SUCCEEDED


def test_sweep_leaves_live_jobs_and_fails_dead_ones(campaign):
    now = timezone.now()
    live, dead, waiting = (
        ImportBatch.objects.create(campaign=campaign, section=section(), status=status)
        for status in (Status.RUNNING, Status.RUNNING, Status.QUEUED)
    )
    ImportBatch.objects.filter(pk=live.pk).update(heartbeat_at=now - timedelta(seconds=20))
    ImportBatch.objects.filter(pk=dead.pk).update(heartbeat_at=now - timedelta(seconds=46))
    assert jobs.sweep(ImportBatch.objects.all(), now=now) == 1
    statuses = dict(ImportBatch.objects.values_list("pk", "status"))
    assert statuses == {live.pk: Status.RUNNING, dead.pk: Status.FAILED, waiting.pk: Status.QUEUED}


def test_a_killed_import_is_marked_failed_and_resumes_on_retry(
    admin_client, campaign, monkeypatch, django_capture_on_commit_callbacks
):
    titles = ["第一个", "第二个", "第三个"]
    files = [
        SimpleUploadedFile(f"{t}.docx", filled_form(values={**VALUES, "title": t})) for t in titles
    ]
    real_import = tasks.import_docx

    def dies_at_the_second(campaign, handle, name, section, **kwargs):
        if name == "第二个.docx":
            raise SystemExit("worker killed")  # not an Exception: nothing catches it
        return real_import(campaign, handle, name, section, **kwargs)

    monkeypatch.setattr(tasks, "import_docx", dies_at_the_second)
    # The task backend records the task as failed; the job itself is left running, as a
    # killed worker leaves it.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/cases/import/",
            {"campaign": campaign.pk, "section": section().pk, "files": files},
        )
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.done) == (Status.RUNNING, 1)
    # The first file's upload is gone with its import; the rest wait for the retry.
    storage = private_storage()
    assert [storage.exists(f["path"]) for f in batch.files] == [False, True, True]

    # Fifty seconds without a heartbeat: the progress page reports the import failed.
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=50)
    )
    page = admin_client.get(f"/admin/cases/import/{batch.pk}/").content.decode()
    assert "后台进程已中断" in page and "重试（从第 2 个文件继续）" in page
    monkeypatch.setattr(tasks, "import_docx", real_import)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/cases/import/{batch.pk}/")
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.progress) == (Status.SUCCEEDED, 3, 100)
    assert sorted(Application.objects.values_list("case__title", flat=True)) == sorted(titles)
    assert not any(storage.exists(f["path"]) for f in batch.files)


def test_the_worker_sweeps_every_kind_of_job(campaign):
    from cases.models import CompilationBuild, CompilationPage

    book = CompilationPage(title="汇编", slug="book")
    campaign.add_child(instance=book)
    stale = timezone.now() - timedelta(seconds=50)
    build = CompilationBuild.objects.create(page=book, status=Status.RUNNING)
    batch = ImportBatch.objects.create(campaign=campaign, section=section(), status=Status.RUNNING)
    CompilationBuild.objects.filter(pk=build.pk).update(heartbeat_at=stale)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=stale)
    assert jobs.sweep_all() == 2
    build.refresh_from_db()
    batch.refresh_from_db()
    assert (build.status, batch.status) == (Status.FAILED, Status.FAILED)
