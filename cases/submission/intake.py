"""Turns an accepted submission into a draft case, its application and private photos.

Used by the online form and by the Word import alike: one transaction, one number.
"""

import functools
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from cases.fields import application_form
from cases.fields.enums import ParticipantType
from cases.models import Application, CasePage, CasePhoto, Organization
from cases.models.review import start_review
from cases.models.submission import next_submission_number
from cases.text.content import body_from_text, summary_from_text

logger = logging.getLogger(__name__)

PRIVATE_COLLECTION = "申报照片（未公开）"
# SQLite lets one writer in at a time, and a writer it turns away polls again after ever
# longer sleeps (up to 0.1 s): under a crowd, newcomers keep taking the lock from those
# waiting until their timeout runs out. This process's submissions queue here instead,
# each in turn, with what runs when their transaction commits.
_ONE_WRITER = threading.Lock()


@dataclass
class Submission:
    """What any intake path hands over; photos are open files with their captions."""

    title: str
    organization_name: str
    case_text: str
    section: object  # CaseCategory
    headings: frozenset = frozenset()  # lines the source marked as headings (Word styles)
    summary: str = ""  # one the applicant typed apart (Word: 案例简介：…); else from the text
    organization_kind: str = ""
    participant_type: str = ParticipantType.ORGANIZATION
    street: str = ""
    submitted_on: date | None = None
    # A Word form's own date, or none: a missing 申报日期 is listed, never the import day.
    date_known: bool = False
    application: dict = field(default_factory=dict)
    photos: list = field(default_factory=list)  # [(file, name, caption)]
    stamp: object = None  # (file, name) or None
    token: object = None  # UUID from the online form
    consented: bool = False
    source_sha256: str = ""  # of an imported Word file
    agent: object = None  # the 社联会 officer (申报代理) who submitted it, if any


def private_collection():
    existing = Collection.objects.filter(name=PRIVATE_COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=PRIVATE_COLLECTION)


def store_private_photo(handle, name, caption, written):
    """A photo of a submission as an unsaved private image (served to staff only until
    the case is published): its file written, its size, dimensions and hash read now, so
    that saving the row writes nothing else. The file is noted in `written`, to remove
    if the submission is not saved."""
    image = get_image_model()(title=caption, description=caption, is_private=True)
    file_field = image.file.field
    stored = file_field.storage.save(
        file_field.generate_filename(image, name), handle, max_length=file_field.max_length
    )
    written.append((file_field.storage, stored))
    # Wagtail would decode the whole photo to learn its size (Willow loads the pixels:
    # 0.1 s for 12 MP); the header already says it.
    handle.seek(0)
    with PILImage.open(handle) as header:
        size = header.size
    stored_file = file_field.attr_class(image, file_field, stored)
    stored_file._dimensions_cache = size
    image.file = stored_file
    image._set_image_file_metadata()
    image.file.close()
    return image


def save_private_photo(handle, name, caption, written):
    """A photo stored and saved at once (outside a submission: a revision's new photo)."""
    image = store_private_photo(handle, name, caption, written)
    image.collection = private_collection()
    image.save()
    return image


def _organization(submission, found=None):
    # An existing organisation is used as it is: an anonymous form must not change it.
    # `found`: the one read before the transaction (only a new one is written in it).
    if found is not None:
        return found
    organization, _ = Organization.objects.get_or_create(
        name=submission.organization_name.strip(),
        defaults={"kind": submission.organization_kind, "street": submission.street},
    )
    return organization


def existing_case(token):
    """The case an earlier attempt with the same form token created, if any."""
    if token is None:
        return None
    application = Application.objects.select_related("case").filter(submission_token=token).first()
    return application.case if application else None


def create_submission(campaign, submission):
    """A draft CasePage under the campaign with its Application and private photos.

    Everything that takes time is done first, without a lock: the photos and the stamp
    written to storage and measured, the text made into the page's body. The transaction
    then only numbers the case and saves rows: on SQLite it holds the one write lock for
    all applicants, so it must stay in milliseconds however busy the machine is. If it
    fails, the files written are removed.
    """
    written = []
    try:
        prepared = _prepare(submission, written)
        _admin_urls_loaded()
        return _create(campaign, submission, prepared, written)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


@functools.cache
def _admin_urls_loaded():
    """The review's notice to staff links into the admin (notifications.step_waiting,
    sent from inside the transaction by Wagtail's task_submitted): the first reverse()
    of an admin URL imports the admin's URLconf and every app's hooks, 0.6 s of CPU on
    an idle machine (seconds on a busy one) that the process's first submission would
    otherwise spend holding the write lock (measured)."""
    reverse("wagtailadmin_home")


@dataclass
class _Prepared:
    case: CasePage  # without its number, organisation and place in the tree
    photos: list  # [(unsaved CaseImage, caption)]
    application: Application  # without its case
    organization: Organization | None  # if it exists already
    collection: Collection  # the private photos'


def _prepare(submission, written):
    title = submission.title.strip()
    case = CasePage(
        title=title,
        live=False,
        category=submission.section,
        participant_type=submission.participant_type or ParticipantType.ORGANIZATION,
        street=submission.street.strip(),
        summary=summary_from_text(submission.summary or submission.case_text),
        body=body_from_text(submission.case_text, submission.headings),
        # A Word form without its 申报日期 is listed as missing, never dated today.
        submitted_on=submission.submitted_on
        or (None if submission.date_known else timezone.localdate()),
    )
    photos = [
        (store_private_photo(handle, name, caption or title, written), caption or title)
        for handle, name, caption in submission.photos
    ]
    application = Application(
        submission_token=submission.token,
        source_sha256=submission.source_sha256,
        consented_at=timezone.now() if submission.consented else None,
        organization_kind=submission.organization_kind,
        submitted_by=submission.agent,
        **{k: v for k, v in submission.application.items() if k in application_form.NAMES and v},
    )
    if submission.stamp is not None:
        handle, name = submission.stamp
        application.recommender_stamp.save(name, handle, save=False)
        written.append((application.recommender_stamp.storage, application.recommender_stamp.name))
    # Read (or, once ever, created) before the write transaction: rows it would
    # otherwise look up while holding SQLite's one write lock.
    organization = Organization.objects.filter(name=submission.organization_name.strip()).first()
    collection = private_collection() if photos else None
    return _Prepared(case, photos, application, organization, collection)


class _Phases:
    """Where the write transaction's time goes: milliseconds per step, and the SQL's."""

    def __init__(self):
        self.ms, self.queries, self.sql_ms = {}, 0, 0.0
        self.began, self.released = time.perf_counter(), None

    @contextmanager
    def step(self, name):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - started) * 1000

    def __call__(self, execute, sql, params, many, context):  # connection.execute_wrapper
        if self.released is not None:  # a commit hook's: after the lock
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.sql_ms += (time.perf_counter() - started) * 1000

    def release(self):
        self.released = time.perf_counter()

    def report(self, number):
        """One line per submission (INFO): bench/crowd.py sqlite-crowd reads it."""
        held = (self.released - self.began) * 1000
        logger.info(
            "submission %s: write lock held %.1f ms (%s; %d queries, %.1f ms in SQL)",
            number,
            held,
            ", ".join(f"{name} {ms:.1f}" for name, ms in self.ms.items()),
            self.queries,
            self.sql_ms,
        )


@contextmanager
def _write_turn():
    """This process's turn at SQLite's one write lock, given up as soon as the
    transaction commits (the first commit hook), not after the hooks that follow it
    (checks, mail, tasks: each takes the lock again only for its own short write)."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    _ONE_WRITER.acquire()
    held = [True]

    def release():
        if held[0]:
            held[0] = False
            _ONE_WRITER.release()

    try:
        yield release
    finally:
        release()


def _create(campaign, submission, prepared, written):
    case, application = prepared.case, prepared.application
    phases = _Phases()
    with _write_turn() as give_turn, connection.execute_wrapper(phases):
        phases.began = time.perf_counter()
        with transaction.atomic():
            # First of the commit hooks: SQLite has released the lock when it runs.
            transaction.on_commit(lambda: (phases.release(), give_turn()))
            with phases.step("number"):
                number = next_submission_number(campaign)
            case.submission_number = number
            case.slug = slugify(number) or None
            with phases.step("organisation"):
                case.organization = _organization(submission, prepared.organization)
            with phases.step("photos"):
                for image, _caption in prepared.photos:
                    image.collection = prepared.collection
                    image.save()
            case.photos = [
                CasePhoto(image=image, caption=caption) for image, caption in prepared.photos
            ]
            with phases.step("page"):
                campaign.add_child(instance=case)
            with phases.step("revision"):
                # add_child has just validated the page: its first revision needs no second pass.
                case.save_revision(log_action=True, clean=False)
            with phases.step("application"):
                application.case = case
                application.save()
            with phases.step("review"):
                start_review(case)
            phases.committing = time.perf_counter()
    if phases.released is None:  # inside an outer transaction: no commit of its own
        phases.release()
    phases.ms["commit"] = (phases.released - phases.committing) * 1000
    phases.report(number)
    return case
