"""Uploads kept between attempts, so that nobody uploads again after a typo.

Each accepted file is cleaned, written to private storage under staging/<token>/ and
referred to from the re-rendered form by a signed reference; a reference is only valid
for the submission token it was made for.
"""

import os
import threading
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.checks import clean_photo, clean_stamp_scan, generated_name
from cases.models import ApplicationDraft
from cases.storage.private import private_storage

SALT = "cases.submission.staging"
# A draft is continued days later: its references hold until a campaign could close.
REFERENCE_MAX_AGE = 60 * 60 * 24 * 120
# Decoding and re-encoding an upload takes a core and tens of MB for a moment: a crowd of
# uploads in one process takes turns, a few at a time, instead of all at once (fifty at
# once starve every other thread of the process, the one holding the database included).
_CLEANING = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


@dataclass(frozen=True)
class StagedFile:
    name: str  # in private storage
    kind: str  # "photo" or "stamp"
    width: int = 0
    height: int = 0

    def reference(self, token):
        return signing.dumps(
            {"n": self.name, "k": self.kind, "w": self.width, "h": self.height},
            salt=f"{SALT}:{token}",
        )

    def open(self):
        return private_storage().open(self.name, "rb")

    @property
    def extension(self):
        return self.name.rsplit(".", 1)[-1]


def _folder(token):
    return f"staging/{token}/"


def stage_photo(upload, token):
    """Clean an uploaded photo (raises UploadError) and keep it for this submission."""
    with _CLEANING:
        image = clean_photo(upload)
    name = private_storage().save(
        _folder(token) + generated_name(image.extension), ContentFile(image.data)
    )
    return StagedFile(name=name, kind="photo", width=image.width, height=image.height)


def stage_stamp(upload, token):
    """Clean a stamp scan (raises UploadError): images lose their metadata, PDFs are
    rebuilt from their pixels; keep the clean copy for this submission."""
    with _CLEANING:
        scan = clean_stamp_scan(upload)
    name = private_storage().save(
        _folder(token) + generated_name(scan.extension), ContentFile(scan.data)
    )
    return StagedFile(name=name, kind="stamp")


def from_reference(reference, token):
    """The staged file a signed reference points at, or None when it is not valid."""
    try:
        data = signing.loads(reference, salt=f"{SALT}:{token}", max_age=REFERENCE_MAX_AGE)
    except signing.BadSignature:
        return None
    staged = StagedFile(name=data["n"], kind=data["k"], width=data["w"], height=data["h"])
    if not staged.name.startswith(_folder(token)) or not private_storage().exists(staged.name):
        return None
    return staged


def discard(token):
    """Remove what was staged for a submission (after it was saved)."""
    storage = private_storage()
    folder = _folder(token)
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(folder + name)


def purge_older_than(age):
    """Delete staged files of abandoned attempts (applicants' data is not kept idle)."""
    storage = private_storage()
    cutoff = timezone.now() - age
    removed = 0
    try:
        folders, _ = storage.listdir("staging")
    except FileNotFoundError:
        return 0
    kept = {str(pk) for pk in ApplicationDraft.objects.values_list("pk", flat=True)}
    for folder in folders:
        if folder in kept:  # a saved draft's uploads stay until the draft expires
            continue
        _, files = storage.listdir(f"staging/{folder}")
        for name in files:
            path = f"staging/{folder}/{name}"
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                removed += 1
    return removed
