"""Background work for submissions: importing a batch of Word forms."""

from django.db import transaction
from django_tasks import task

from cases.models import ImportBatch
from cases.storage.private import private_storage
from cases.submission.word_intake import import_docx


def run_batch(batch):
    """Import each file not yet done, saving the report after every file (progress)."""
    storage = private_storage()
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    for entry in batch.files[batch.done :]:
        try:
            with storage.open(entry["path"], "rb") as handle, transaction.atomic():
                report = import_docx(batch.campaign, handle, entry["name"], batch.section)
        except Exception as error:  # one bad file must not stop the batch
            report = {"file": entry["name"], "error": f"导入失败：{error}", "problems": []}
        batch.results = [*batch.results, report]
        batch.save(update_fields=["results"])
        storage.delete(entry["path"])
    batch.status = ImportBatch.Status.DONE
    batch.save(update_fields=["status"])
    return batch


@task()
def import_batch(batch_id):
    run_batch(ImportBatch.objects.select_related("campaign", "section").get(pk=batch_id))
