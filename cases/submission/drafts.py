"""An unfinished application, saved and continued later from a private link (申报草稿).

The draft keeps what the form held (uploads as their staged references, cleaned like any
upload); it expires with the campaign's deadline, with a reminder three days before.
"""

import uuid
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import notifications
from cases.links import absolute
from cases.models import ApplicationDraft, CampaignPage
from cases.submission import staging

SALT = "cases.submission.draft"
REMIND_BEFORE = timedelta(days=3)
# Not kept: the CSRF token, the buttons, the draft's own version, the file inputs (their
# staged references are kept instead).
_NOT_KEPT = {"csrfmiddlewaretoken", "save_draft", "draft_version", "recommender_stamp"}


def token_of(draft) -> str:
    return signing.Signer(salt=SALT).sign(str(draft.pk))


def id_from_token(token: str):
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def link(draft, campaign) -> str:
    return absolute(reverse("apply_draft", args=[campaign.slug, token_of(draft)]))


def _kept(data) -> dict:
    return {
        key: data.get(key, "")
        for key in data
        if key not in _NOT_KEPT and not key.startswith("photo_")
    }


def save(form, campaign, posted_version):
    """(draft, tell, conflict): the form's content saved under its submission token,
    unless another page saved a newer version meanwhile (conflict: nothing written);
    tell: the link is to be e-mailed (a first save, or a new address)."""
    try:
        token = uuid.UUID(str(form.data.get("token", "")))
    except ValueError:
        token = uuid.uuid4()
    data = _kept(form.data) | {"token": str(token)}
    email = str(data.get("contact_email", "")).strip()[:254]
    with transaction.atomic():
        draft = ApplicationDraft.objects.select_for_update().filter(pk=token).first()
        email = email if "@" in email else ""
        if draft is None:
            draft = ApplicationDraft.objects.create(
                id=token, campaign=campaign, data=data, email=email
            )
            return draft, bool(email), False
        if draft.campaign_id != campaign.pk or str(draft.version) != str(posted_version):
            return draft, False, True
        tell = bool(email) and email != draft.email
        draft.data, draft.version, draft.email = data, draft.version + 1, email or draft.email
        draft.save()
    return draft, tell, False


def send_reminders(now=None):
    """E-mail each unfinished draft's link once, three days before the deadline."""
    now = now or timezone.now()
    due = ApplicationDraft.objects.filter(
        reminded_at__isnull=True,
        campaign__submission_deadline__gt=now,
        campaign__submission_deadline__lte=now + REMIND_BEFORE,
    ).exclude(email="")
    sent = 0
    for draft in due.select_related("campaign"):
        campaign = draft.campaign
        notifications.draft_reminder(draft, campaign, link(draft, campaign))
        draft.reminded_at = now
        draft.save(update_fields=["reminded_at"])
        sent += 1
    return sent


def purge_expired(now=None):
    """Delete drafts whose campaign's deadline has passed, with their staged files."""
    now = now or timezone.now()
    closed = CampaignPage.objects.filter(submission_deadline__lte=now).values("pk")
    expired = list(
        ApplicationDraft.objects.filter(campaign__in=closed).values_list("pk", flat=True)
    )
    for pk in expired:
        staging.discard(pk)
    ApplicationDraft.objects.filter(pk__in=expired).delete()
    return len(expired)
