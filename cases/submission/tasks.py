"""Background work for submissions: importing a batch of Word forms."""

from django.db import transaction
from django_tasks import task

from cases.models import ImportBatch
from cases.models import job_runner as jobs
from cases.storage.private import private_storage
from cases.submission.word_intake import import_docx


def _import_files(batch):
    """Import each file not yet done. A file's case and its line in the report commit
    together, so a retry after a killed worker resumes at the first file not reported."""
    storage = private_storage()
    agent = batch.requested_by if batch.by_agent else None
    for entry in batch.files[batch.done :]:
        with transaction.atomic():
            try:
                with storage.open(entry["path"], "rb") as handle, transaction.atomic():
                    report = import_docx(
                        batch.campaign, handle, entry["name"], batch.section, agent=agent
                    )
            except Exception as error:  # one bad file must not stop the batch
                report = {"file": entry["name"], "error": f"导入失败：{error}", "problems": []}
            batch.results = [*batch.results, report]
            batch.progress = batch.percent
            batch.save(update_fields=["results", "progress"])
            transaction.on_commit(lambda path=entry["path"]: storage.delete(path))
    jobs.finish(batch, ImportBatch.Status.SUCCEEDED, progress=100)


def run_batch(batch):
    return jobs.run(batch, _import_files)


def retry(batch):
    """Queue a failed batch again: it resumes at its first file not imported."""
    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.FAILED).update(
        status=ImportBatch.Status.QUEUED, error="", finished_at=None, heartbeat_at=None
    )
    if updated:
        transaction.on_commit(lambda: import_batch.enqueue(batch.pk))
    return bool(updated)


@task()
def import_batch(batch_id):
    run_batch(ImportBatch.objects.select_related("campaign", "section").get(pk=batch_id))
