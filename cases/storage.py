"""Storage for files that must never have a public URL (stamped scans)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.functional import LazyObject


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT; their URL is a staff-only admin view."""

    def url(self, name):
        return reverse("cases_private_file", args=[name])


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()
