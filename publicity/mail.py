"""The e-mails of the 公示 and of the 后续通知, in Chinese, each rendered now and sent by
the portal's mail task after the transaction commits (cases/mail/notifications.py)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.users.models import UserProfile

from cases.mail.links import absolute
from cases.mail.notifications import send_email
from cases.mail.people import display_name
from publicity import recipients, tokens


def _send(subject, template, context, address):
    if not address:
        return
    body = render_to_string(template, context).strip() + "\n"
    transaction.on_commit(lambda: send_email.enqueue(subject, body, [address]))


def objection_receipt(objection):
    publicity = objection.entry.publicity
    _send(
        f"【异议回执】{publicity.title}",
        "publicity/email/objection_receipt.txt",
        {
            "objection": objection,
            "publicity": publicity,
            "case": objection.entry.case,
            "status_url": tokens.objection_url(objection),
        },
        objection.email,
    )


def _handlers():
    """Who handles objections (editors, by their permission), keeping such notices on."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    allowed = Q(groups__permissions__codename="change_objection") | Q(is_superuser=True)
    return [
        user
        for user in users.filter(allowed).distinct()
        if UserProfile.get_for_user(user).submitted_notifications
    ]


def objection_waiting(objection):
    """A new objection, to the editors: the case and where to handle it, never who."""
    case = objection.entry.case
    url = absolute(reverse("wagtailsnippets_publicity_objection:edit", args=[objection.pk]))
    for user in _handlers():
        _send(
            f"【待处理异议】{case.title}",
            "publicity/email/objection_waiting.txt",
            {
                "name": display_name(user),
                "case": case,
                "publicity": objection.entry.publicity,
                "url": url,
            },
            user.email,
        )


def objection_handled(objection):
    publicity = objection.entry.publicity
    _send(
        f"【异议处理结果】{publicity.title}",
        "publicity/email/objection_handled.txt",
        {
            "objection": objection,
            "publicity": publicity,
            "case": objection.entry.case,
            "status_url": tokens.objection_url(objection),
        },
        objection.email,
    )


def announcement(page, campaign, url):
    """One mail per address that agreed and did not unsubscribe, each with its own link."""
    addresses = recipients.for_campaign(campaign)
    url = url if url.startswith(("http://", "https://")) else absolute(url)
    for address in addresses:
        _send(
            f"【后续通知】{page.title}",
            "publicity/email/announcement.txt",
            {
                "page": page,
                "campaign": campaign,
                "url": url,
                "unsubscribe_url": tokens.unsubscribe_url(campaign.pk, address),
            },
            address,
        )
    return len(addresses)
