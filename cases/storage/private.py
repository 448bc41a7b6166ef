"""Storage for files that must never have a public URL (stamped scans, staged uploads,
imported Word forms, book editions)."""

from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT; their URL is a staff-only admin view."""

    def url(self, name):
        return reverse("cases_admin:private_file", args=[name])


@cache
def private_storage():
    # A callable, so that migrations record a reference rather than the storage's state.
    return PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
