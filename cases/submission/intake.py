"""Turns an accepted submission into a draft case, its application and private photos.

Used by the online form and by the Word import alike: one transaction, one number.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Collection

from cases import application_form
from cases.content import body_from_text, summary_from_text
from cases.enums import ParticipantType
from cases.models import Application, CasePage, CasePhoto, Organization
from cases.models.review import start_review
from cases.models.submission import next_submission_number

PRIVATE_COLLECTION = "申报照片（未公开）"


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


def save_private_photo(handle, name, caption, written):
    """A photo of a submission as a private image (served to staff only until the case is
    published); its stored file is noted in `written`, to remove if the transaction fails."""
    image = get_image_model()(
        title=caption, description=caption, collection=private_collection(), is_private=True
    )
    image.file = ImageFile(handle, name=name)
    image.save()
    written.append((image.file.storage, image.file.name))
    return image


def _organization(submission):
    # An existing organisation is used as it is: an anonymous form must not change it.
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

    Files are written before the transaction commits: if it rolls back, they are removed.
    """
    written = []
    try:
        return _create(campaign, submission, written)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _create(campaign, submission, written):
    with transaction.atomic():
        number = next_submission_number(campaign)
        case = CasePage(
            title=submission.title.strip(),
            slug=slugify(number) or None,
            live=False,
            organization=_organization(submission),
            category=submission.section,
            participant_type=submission.participant_type or ParticipantType.ORGANIZATION,
            street=submission.street.strip(),
            summary=summary_from_text(submission.summary or submission.case_text),
            body=body_from_text(submission.case_text, submission.headings),
            submission_number=number,
            submitted_on=submission.submitted_on
            or (None if submission.date_known else timezone.localdate()),
        )
        case.photos = [
            CasePhoto(
                image=save_private_photo(handle, name, caption or case.title, written),
                caption=caption or case.title,
            )
            for handle, name, caption in submission.photos
        ]
        campaign.add_child(instance=case)
        case.save_revision(log_action=True)
        application = Application(
            case=case,
            submission_token=submission.token,
            source_sha256=submission.source_sha256,
            consented_at=timezone.now() if submission.consented else None,
            organization_kind=submission.organization_kind,
            submitted_by=submission.agent,
            **{
                k: v for k, v in submission.application.items() if k in application_form.NAMES and v
            },
        )
        if submission.stamp is not None:
            handle, name = submission.stamp
            application.recommender_stamp.save(name, handle, save=False)
            written.append(
                (application.recommender_stamp.storage, application.recommender_stamp.name)
            )
        application.save()
        start_review(case)
    return case
