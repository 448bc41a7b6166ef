"""Keeps derived state in step with what editors and workflows do: a moved case's
campaign, its photos on publish, replaced or deleted files, the review's e-mails and
outcome. Imported by CasesConfig.ready(), once the models are loaded."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    task_submitted,
    workflow_approved,
    workflow_rejected,
)

from cases import public_content
from cases.mail import notifications
from cases.models import (
    Application,
    CampaignPage,
    CasePage,
    CasePhoto,
    CompilationBuild,
    CompilationPage,
    ExpertReviewTask,
)
from cases.review.workflow import on_workflow_approved, on_workflow_rejected
from cases.text.content import record_findings


def sync_case_campaign(sender, instance, parent_page_after, **kwargs):
    if not issubclass(sender, CasePage):
        return
    campaign = CampaignPage.objects.filter(pk=parent_page_after.pk).first()
    CasePage.objects.filter(pk=instance.pk).update(campaign=campaign)


def _delete_on_commit(storage, name):
    """Files go only once the change that drops them is final: a rolled-back edit
    must not leave its row pointing at a deleted file."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def delete_stamp_file(sender, instance, **kwargs):
    stamp = instance.recommender_stamp
    _delete_on_commit(stamp.storage, stamp.name)


def delete_replaced_stamp_file(sender, instance, **kwargs):
    if not instance.pk:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("recommender_stamp", flat=True).first()
    if old and old != instance.recommender_stamp.name:
        _delete_on_commit(instance.recommender_stamp.storage, old)


def delete_edition_file(sender, instance, **kwargs):
    """A deleted build (or its book) takes its PDF along."""
    _delete_on_commit(instance.file.storage, instance.file.name)


def publish_case_photos(sender, instance, **kwargs):
    """A published case's photos leave private storage, however it was published."""
    for photo in instance.photos.select_related("image"):
        photo.image.make_public()


def check_saved_revision(sender, instance, created, **kwargs):
    """A case's new revision is checked once, after it commits; listings read the result."""
    if not created or not issubclass(instance.content_type.model_class() or object, CasePage):
        return
    revision = instance
    transaction.on_commit(lambda: record_findings(revision.as_object(), revision.pk))


def withdraw_case_photos(sender, instance, **kwargs):
    """A withdrawn case's photos go back to private storage, unless another published
    page still shows them."""
    photos = CasePhoto.objects.filter(page=instance).select_related("image")
    for photo in photos:
        shown = CasePhoto.objects.filter(image=photo.image, page__live=True)
        shown = shown.exclude(page=instance).exists()
        if not shown and not CompilationPage.objects.filter(cover_image=photo.image).exists():
            photo.image.make_private()


def notify_step_waiting(sender, instance, user=None, **kwargs):
    # Experts hear of their cases when assigned, not when a case enters 专家评审.
    if not isinstance(instance.task.specific, ExpertReviewTask):
        notifications.step_waiting(instance, user)


def notify_requester_approved(sender, instance, user=None, **kwargs):
    notifications.workflow_outcome(instance, approved=True, user=user)


def notify_requester_rejected(sender, instance, user=None, **kwargs):
    notifications.workflow_outcome(instance, approved=False, user=user)


def register():
    public_content.watch()
    workflow_approved.connect(on_workflow_approved, dispatch_uid="cases_workflow_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="cases_workflow_rejected")
    task_submitted.connect(notify_step_waiting, sender=TaskState, dispatch_uid="cases_step")
    workflow_approved.connect(
        notify_requester_approved, sender=WorkflowState, dispatch_uid="cases_requester_ok"
    )
    workflow_rejected.connect(
        notify_requester_rejected, sender=WorkflowState, dispatch_uid="cases_requester_back"
    )
    post_page_move.connect(sync_case_campaign, dispatch_uid="cases_sync_case_campaign")
    page_published.connect(publish_case_photos, sender=CasePage, dispatch_uid="cases_photos")
    page_unpublished.connect(
        withdraw_case_photos, sender=CasePage, dispatch_uid="cases_withdraw_photos"
    )
    post_save.connect(check_saved_revision, sender=Revision, dispatch_uid="cases_check_revision")
    post_delete.connect(delete_stamp_file, sender=Application, dispatch_uid="cases_delete_stamp")
    post_delete.connect(
        delete_edition_file, sender=CompilationBuild, dispatch_uid="cases_delete_edition"
    )
    pre_save.connect(
        delete_replaced_stamp_file, sender=Application, dispatch_uid="cases_replace_stamp"
    )
