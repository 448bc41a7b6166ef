"""Fetching the files a printed PDF needs: only the portal's own, everything else refused.

Shared by every WeasyPrint build (the filled 申报表, the compilation). A case's text,
an uploaded image or a stylesheet could name any URL; a PDF build must neither read
local files (file://) nor call other servers, so anything but the portal's static files
and images is refused, and each refusal is logged.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.urls import NoReverseMatch, reverse
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cases.storage.images import PRIVATE_PREFIX, image_storage

logger = logging.getLogger("cases.print")
# Where Wagtail keeps originals and renditions under MEDIA_ROOT.
IMAGE_FOLDERS = ("original_images/", "images/")

# The PDF's base URL: a name that can never resolve (RFC 2606), so no relative URL in a
# case can reach the network; only this origin is mapped to files on disk.
PORTAL_ORIGIN = "https://portal.invalid"


class RefusedURL(ValueError):
    pass


def _private_images_prefix():
    try:
        return reverse("cases_admin:private_image", args=["x"])[:-1]
    except NoReverseMatch:
        return None


class PortalURLFetcher(URLFetcher):
    """Serves the portal's own static files and images from disk; refuses anything else
    (file:// paths, other hosts, data and ftp URLs) so that a case cannot make the PDF
    build read local files or call other servers."""

    def __init__(self, *args, files=None, **kwargs):
        """files: {path under the portal's origin: a file on disk} also served (the book's
        press profile, named by its @color-profile rule)."""
        super().__init__(*args, **kwargs)
        self.files = files or {}

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url)
        except RefusedURL as refusal:
            logger.warning("%s", refusal)
            raise

    def _fetch(self, url):
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != PORTAL_ORIGIN:
            raise RefusedURL(f"Refused to fetch {url!r}: not one of the portal's files.")
        path = unquote(parts.path)
        if ".." in path.split("/") or posixpath.normpath(path) != path.rstrip("/"):
            raise RefusedURL(f"Refused to fetch {url!r}: not a plain path.")
        data = self._read(path)
        if data is None:
            raise RefusedURL(f"Refused to fetch {url!r}: not one of the portal's files.")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _read(self, path):
        if path in self.files:
            return Path(self.files[path]).read_bytes()
        private = _private_images_prefix()
        if private and path.startswith(private):
            return self._from_images(PRIVATE_PREFIX + path.removeprefix(private))
        if path.startswith(settings.MEDIA_URL):
            name = path.removeprefix(settings.MEDIA_URL)
            # Images and renditions only: documents (attachments) share MEDIA_ROOT, and
            # private names have their own URL.
            return self._from_images(name) if name.startswith(IMAGE_FOLDERS) else None
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            if found:
                with open(found, "rb") as handle:
                    return handle.read()
        return None

    @staticmethod
    def _from_images(name):
        try:
            with image_storage().open(name, "rb") as handle:
                return handle.read()
        except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
            return None
