"""Files and photos follow what editors do: a case's photos leave private storage when
it is published and go back when it is withdrawn; replaced or deleted stamped scans and
deleted book editions take their files along. Connected once by CasesConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from wagtail.signals import page_published, page_unpublished

from cases.models import Application, CasePage, CasePhoto, CompilationBuild, CompilationPage


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


def withdraw_case_photos(sender, instance, **kwargs):
    """A withdrawn case's photos go back to private storage, unless another published
    page still shows them."""
    photos = CasePhoto.objects.filter(page=instance).select_related("image")
    for photo in photos:
        shown = CasePhoto.objects.filter(image=photo.image, page__live=True)
        shown = shown.exclude(page=instance).exists()
        if not shown and not CompilationPage.objects.filter(cover_image=photo.image).exists():
            photo.image.make_private()


def register():
    page_published.connect(publish_case_photos, sender=CasePage, dispatch_uid="cases_photos")
    page_unpublished.connect(
        withdraw_case_photos, sender=CasePage, dispatch_uid="cases_withdraw_photos"
    )
    post_delete.connect(delete_stamp_file, sender=Application, dispatch_uid="cases_delete_stamp")
    post_delete.connect(
        delete_edition_file, sender=CompilationBuild, dispatch_uid="cases_delete_edition"
    )
    pre_save.connect(
        delete_replaced_stamp_file, sender=Application, dispatch_uid="cases_replace_stamp"
    )
