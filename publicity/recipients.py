"""Who receives a campaign's 后续通知 by e-mail: applicants who ticked 接收后续通知 on a
submission or on a draft still kept, less the addresses that unsubscribed."""

from cases.models import ApplicationDraft
from publicity.models import NoticeConsent, NoticeOptOut


def for_campaign(campaign):
    submitted = NoticeConsent.objects.filter(campaign=campaign).values_list("email", flat=True)
    drafts = ApplicationDraft.objects.filter(campaign=campaign, data__notices="on")
    addresses = {email.strip().lower() for email in submitted if email}
    addresses |= {
        email.strip().lower() for email in drafts.values_list("email", flat=True) if email
    }
    out = NoticeOptOut.objects.filter(campaign=campaign).values_list("email", flat=True)
    return sorted(addresses - {email.lower() for email in out})


def record_submission(sender, campaign, case, email, notices, **kwargs):
    """cases.submission.signals.submitted: the consent, as given on the form."""
    if notices and email:
        NoticeConsent.objects.create(campaign=campaign, case=case, email=email.strip().lower())
