"""An unfinished application, saved and continued later from a private link (申报草稿).

The draft keeps what the form held (uploads as their staged references, cleaned like any
upload); it expires with the campaign's deadline, with a reminder three days before.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.mail import notifications
from cases.mail.links import absolute
from cases.models import ApplicationDraft, CampaignPage
from cases.submission import ratelimit, staging
from cases.submission.forms import MAX_TEXT

SALT = "cases.submission.draft"
REMIND_BEFORE = timedelta(days=3)
# Not kept: the CSRF token, the buttons, the draft's own version, the file inputs (their
# staged references are kept instead).
_NOT_KEPT = {"csrfmiddlewaretoken", "save_draft", "draft_version", "recommender_stamp"}
# Hidden and short fields without a length of their own (dates, choices, references).
SHORT_FIELD = 1000


def token_of(draft) -> str:
    return signing.Signer(salt=SALT).sign(str(draft.pk))


def id_from_token(token: str):
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def link(draft, campaign) -> str:
    return absolute(reverse("apply_draft", args=[campaign.slug, token_of(draft)]))


@dataclass
class Saved:
    """What a press of “保存草稿” did."""

    draft: ApplicationDraft | None = None  # None: nothing was saved
    conflict: bool = False  # another page saved a newer version: nothing written
    refused: str = ""  # why nothing was saved (the form's limits, too many drafts)
    status: int = 200
    # "sent": the link was e-mailed now; "not_again": the address had it already.
    mailed: str = ""


def _limit(field):
    # Fields the form gives no length: a text area as long as the case text may be.
    if getattr(field, "max_length", None):
        return field.max_length
    return MAX_TEXT if isinstance(field.widget, forms.Textarea) else SHORT_FIELD


def _kept(form) -> dict:
    """The form's own fields as posted (anything else is dropped, files are kept as their
    staged references)."""
    return {
        name: str(form.data.get(name, ""))
        for name in form.fields
        if name in form.data and name not in _NOT_KEPT and not name.startswith("photo_")
    }


def refuse_over_limits(form, data) -> int:
    """Marks on the form every field a submission would refuse for its size or a NUL
    byte, and returns how many: a draft holds no more than the application could."""
    refused = 0
    for name, value in data.items():
        field = form.fields[name]
        label = field.label or "表单"
        if "\x00" in value:
            form.add_error(name, f"{label}中含有空字符（NUL），无法保存，请删去后再保存。")
            refused += 1
        elif len(value.strip()) > _limit(field):
            form.add_error(
                name,
                f"{label}过长：最多 {_limit(field)} 字，这里有 {len(value.strip())} 字，"
                "请精简后再保存。",
            )
            refused += 1
    return refused


def save(request, form, campaign, posted_version) -> Saved:
    """The form's content saved under its submission token and its link e-mailed, within
    a submission's limits: nothing saved when a field is over them, nor when this
    address or e-mail has made too many drafts this hour; at most one mail per draft
    and address an hour. A save from a page older than the draft writes nothing."""
    data = _kept(form)
    if count := refuse_over_limits(form, data):
        return Saved(refused=f"有 {count} 处超出申报表的限制，见下。", status=400)
    try:
        token = uuid.UUID(data.get("token", ""))
    except ValueError:
        token = uuid.uuid4()
    data["token"] = str(token)
    email = data.get("contact_email", "").strip()
    email = email if "@" in email else ""
    existing = ApplicationDraft.objects.filter(pk=token).first()
    if existing is not None and _stale(existing, campaign, posted_version):
        return Saved(draft=existing, conflict=True, status=409)
    mail_to = email if email and (existing is None or email != existing.email) else ""
    if mail_to and ratelimit.mailed_this_hour(token, mail_to):
        mail_to = ""
    counted = existing is None or bool(mail_to)
    if counted and (refusal := ratelimit.reserve_draft(request, mail_to)):
        return Saved(refused=refusal, status=429)
    try:
        draft, conflict = _write(token, campaign, data, email, posted_version)
    except BaseException:
        if counted:
            ratelimit.release_draft(request, mail_to)
        raise
    if conflict:
        if counted:
            ratelimit.release_draft(request, mail_to)
        return Saved(draft=draft, conflict=True, status=409)
    if mail_to:
        notifications.draft_saved(draft, campaign, link(draft, campaign))
        ratelimit.note_mail(token, mail_to)
    return Saved(draft=draft, mailed="sent" if mail_to else ("not_again" if email else ""))


def _stale(draft, campaign, posted_version):
    return draft.campaign_id != campaign.pk or str(draft.version) != str(posted_version)


def _write(token, campaign, data, email, posted_version):
    """(draft, conflict): created, or updated unless the page was older than the draft."""
    try:
        with transaction.atomic():
            draft = ApplicationDraft.objects.select_for_update().filter(pk=token).first()
            if draft is None:
                draft = ApplicationDraft.objects.create(
                    id=token, campaign=campaign, data=data, email=email
                )
                return draft, False
            if _stale(draft, campaign, posted_version):
                return draft, True
            draft.data, draft.version = data, draft.version + 1
            draft.email = email or draft.email
            draft.save()
    except IntegrityError:
        # The same new draft saved twice at once (a double click): the other one stands.
        return ApplicationDraft.objects.get(pk=token), True
    return draft, False


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
