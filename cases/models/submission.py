"""Bookkeeping for online and imported submissions: numbering per campaign."""

import re

from django.db import IntegrityError, models, transaction
from django.db.models import F

from cases.models.case import CasePage


class SubmissionCounter(models.Model):
    """The last sequence number handed out per campaign.

    Kept apart from CampaignPage so that publishing an older revision of the campaign
    can never wind the counter back.
    """

    campaign = models.OneToOneField(
        "cases.CampaignPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "申报编号计数"

    def __str__(self):
        return f"{self.campaign_id}: {self.last}"


def _highest_existing(campaign):
    """The largest number already used under the campaign with its prefix (e.g. demo)."""
    pattern = re.compile(rf"^{re.escape(campaign.submission_prefix)}(\d+)$")
    numbers = CasePage.objects.filter(campaign=campaign).values_list("submission_number", flat=True)
    return max((int(m.group(1)) for n in numbers if (m := pattern.match(n))), default=0)


def next_submission_number(campaign):
    """Allocate the campaign's next 申报编号 (e.g. JA2016-022). Call inside a transaction.

    The UPDATE takes a row lock that is held to the end of the caller's transaction,
    so concurrent submissions each get their own number.
    """
    if not SubmissionCounter.objects.filter(campaign=campaign).exists():
        try:
            with transaction.atomic():
                SubmissionCounter.objects.create(
                    campaign=campaign, last=_highest_existing(campaign)
                )
        except IntegrityError:
            pass  # another submission created it first

    while True:
        SubmissionCounter.objects.filter(campaign=campaign).update(last=F("last") + 1)
        last = SubmissionCounter.objects.values_list("last", flat=True).get(campaign=campaign)
        number = f"{campaign.submission_prefix}{last:03d}"
        # An editor may have typed this number by hand: skip it rather than collide.
        if not CasePage.objects.filter(campaign=campaign, submission_number=number).exists():
            return number
