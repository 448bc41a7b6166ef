"""Links the portal sends to people: the applicant's private status link, and absolute
URLs of admin pages, all on the configured base URL (WAGTAILADMIN_BASE_URL)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

STATUS_SALT = "cases.submission.status"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def status_token(case):
    # No timestamp: one case has one link, the same in the receipt and on every retry.
    return signing.Signer(salt=STATUS_SALT).sign_object(case.pk)


def case_id_from_token(token):
    try:
        return signing.Signer(salt=STATUS_SALT).unsign_object(token)
    except signing.BadSignature:
        return None


def status_path(case):
    return reverse("submission_status", args=[status_token(case)])


def status_url(case):
    """The applicant's private status page, as sent in e-mails."""
    return absolute(status_path(case))
