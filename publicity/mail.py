"""The e-mails of the 公示 and of the 后续通知, in Chinese, each rendered now and sent by
the portal's mail task after the transaction commits (cases/notifications.py)."""

from django.db import transaction
from django.template.loader import render_to_string

from cases.links import absolute
from cases.notifications import send_email
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
