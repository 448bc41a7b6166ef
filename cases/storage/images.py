"""One storage for images that keeps unpublished submissions' files private.

Names under "private/" live in PRIVATE_MEDIA_ROOT and their URL is a staff-only admin
view; every other name lives in MEDIA_ROOT and is served at MEDIA_URL as usual. Wagtail
images and their renditions both use it, so a private image's renditions stay private.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from django.utils._os import safe_join

PRIVATE_PREFIX = "private/"


def is_private_name(name):
    return name.startswith(PRIVATE_PREFIX)


class ImageStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(location=settings.MEDIA_ROOT, base_url=settings.MEDIA_URL, **kwargs)

    def path(self, name):
        if is_private_name(name):
            return safe_join(settings.PRIVATE_MEDIA_ROOT, name.removeprefix(PRIVATE_PREFIX))
        return super().path(name)

    def _save(self, name, content):
        # FileSystemStorage inspects its own location even for a private name.
        os.makedirs(self.location, exist_ok=True)
        saved = super()._save(name, content)
        if not is_private_name(name):
            return saved
        # FileSystemStorage reports names relative to MEDIA_ROOT; map back to "private/…".
        full_path = os.path.normpath(os.path.join(self.location, saved))
        return PRIVATE_PREFIX + Path(full_path).relative_to(settings.PRIVATE_MEDIA_ROOT).as_posix()

    def url(self, name):
        if is_private_name(name):
            return reverse("cases_admin:private_image", args=[name.removeprefix(PRIVATE_PREFIX)])
        return super().url(name)


def image_storage():
    # A callable, so that migrations record a reference rather than the storage's state.
    return storages["images"]
