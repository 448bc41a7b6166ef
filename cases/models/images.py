"""The portal's image model: Wagtail's, plus a private state for unpublished submissions."""

from django.db import models, transaction
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    WagtailImageField,
    get_upload_to,
)

from cases.storage.images import PRIVATE_PREFIX, image_storage, is_private_name


class CaseImage(AbstractImage):
    file = WagtailImageField(
        verbose_name="文件",
        upload_to=get_upload_to,
        width_field="width",
        height_field="height",
        storage=image_storage,
    )
    # Submissions' photos start private (no public URL) until their case is published.
    is_private = models.BooleanField("未公开", default=False, editable=False)

    admin_form_fields = (
        "title",
        "file",
        "description",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = "图片"
        verbose_name_plural = "图片"
        permissions = [("choose_image", "Can choose image")]

    def get_upload_to(self, filename):
        path = super().get_upload_to(filename)
        return PRIVATE_PREFIX + path if self.is_private else path

    def make_public(self):
        """Move the original out of private storage; private renditions are dropped."""
        if self.is_private:
            self._move(self.file.name.removeprefix(PRIVATE_PREFIX), private=False)

    def make_private(self):
        """Back into private storage (a case withdrawn): the original leaves MEDIA_ROOT
        and its public renditions are deleted, so no public URL serves it any more."""
        if not self.is_private:
            self._move(PRIVATE_PREFIX + self.file.name, private=True)

    def _move(self, target, private):
        # Files go when the change is final: Wagtail deletes a deleted rendition's file
        # after commit, and the old original is deleted after commit too.
        storage = self.file.storage
        old_name = self.file.name
        with storage.open(old_name, "rb") as handle:
            new_name = storage.save(target, handle)
        with transaction.atomic():
            for rendition in self.renditions.all():
                rendition.purge_from_cache()
                rendition.delete()
            self.file.name = new_name
            self.is_private = private
            self.save(update_fields=["file", "is_private"])
        transaction.on_commit(lambda: storage.delete(old_name))


class CaseRendition(AbstractRendition):
    image = models.ForeignKey(CaseImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        path = super().get_upload_to(filename)
        if is_private_name(self.image.file.name):
            return PRIVATE_PREFIX + path
        return path


__all__ = ["CaseImage", "CaseRendition"]
