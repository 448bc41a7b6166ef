"""What follows the 公示's and the notices' changes; connected once by apps.ready()."""

from django.db import transaction
from wagtail.signals import page_published

from cases.rules import withdrawals
from cases.submission.signals import submitted
from publicity import mail, recipients
from publicity.models import (
    AnnouncementMailing,
    AnnouncementPage,
    Objection,
    Publicity,
    PublicityEntry,
)
from published.watch import existing, watch_models

WITHDRAWN_REASON = "公示期间经核实撤销入选：{note}"


def withdrawn_selections(case_ids):
    """cases/rules/withdrawals.py's source: the cases an upheld objection took off the list."""
    rows = (
        Objection.objects.filter(entry__case_id__in=case_ids, status=Objection.Status.WITHDRAWN)
        .order_by("handled_at", "pk")
        .values_list("entry__case_id", "handling_note")
    )
    return {case_id: WITHDRAWN_REASON.format(note=note.strip()) for case_id, note in rows}


def email_announcement(sender, instance, **kwargs):
    """Published with 发布时发送邮件 ticked: mailed once, on its first such publication."""
    page = instance.specific
    if not page.send_email:
        return
    with transaction.atomic():
        mailing, created = AnnouncementMailing.objects.get_or_create(page=page)
        if created:
            mailing.recipient_count = mail.announcement(page, page.campaign, page.get_url())
            mailing.save(update_fields=["recipient_count"])


def register():
    withdrawals.register(withdrawn_selections)
    submitted.connect(recipients.record_submission, dispatch_uid="publicity_notice_consent")
    page_published.connect(
        email_announcement, sender=AnnouncementPage, dispatch_uid="publicity_announcement_mail"
    )
    # The 公示 page, the campaign's and the home page's links, the list and the book read
    # these rows: a change announces a new content generation (published/). A new
    # objection changes no public page until an editor handles it.
    watch_models(Publicity, PublicityEntry)
    watch_models(Objection, when=existing)
