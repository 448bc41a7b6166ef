"""Keeps derived state in step: a moved case's campaign, a replaced stamp's file, a
deleted edition's PDF."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from wagtail.signals import post_page_move


def sync_case_campaign(sender, instance, parent_page_after, **kwargs):
    from cases.models import CampaignPage, CasePage

    if not issubclass(sender, CasePage):
        return
    campaign = CampaignPage.objects.filter(pk=parent_page_after.pk).first()
    CasePage.objects.filter(pk=instance.pk).update(campaign=campaign)


def delete_stamp_file(sender, instance, **kwargs):
    if instance.recommender_stamp:
        instance.recommender_stamp.delete(save=False)


def delete_replaced_stamp_file(sender, instance, **kwargs):
    if not instance.pk:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("recommender_stamp", flat=True).first()
    if old and old != instance.recommender_stamp.name:
        instance.recommender_stamp.storage.delete(old)


def delete_edition_file(sender, instance, **kwargs):
    """A deleted build (or its book) takes its PDF along, once the deletion is final."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def publish_case_photos(sender, instance, **kwargs):
    """A published case's photos leave private storage, however it was published."""
    for photo in instance.photos.select_related("image"):
        photo.image.make_public()


def register():
    from wagtail.signals import workflow_approved, workflow_rejected

    from cases.models import Application
    from cases.review.workflow import on_workflow_approved, on_workflow_rejected

    workflow_approved.connect(on_workflow_approved, dispatch_uid="cases_workflow_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="cases_workflow_rejected")
    post_page_move.connect(sync_case_campaign, dispatch_uid="cases_sync_case_campaign")
    from wagtail.signals import page_published

    from cases.models import CasePage

    page_published.connect(publish_case_photos, sender=CasePage, dispatch_uid="cases_photos")
    post_delete.connect(delete_stamp_file, sender=Application, dispatch_uid="cases_delete_stamp")
    from cases.models import CompilationBuild

    post_delete.connect(
        delete_edition_file, sender=CompilationBuild, dispatch_uid="cases_delete_edition"
    )
    pre_save.connect(
        delete_replaced_stamp_file, sender=Application, dispatch_uid="cases_replace_stamp"
    )
