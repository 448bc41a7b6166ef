"""What a campaign's page and the home page show of the 公示 and the 后续通知: inside
their published parts, which are kept per content generation and day (the period's
bounds are whole days)."""

from django import template
from django.utils import timezone

from publicity.models import AnnouncementPage, Publicity, State
from published.routing import public

register = template.Library()
LATEST = 5


def _publicities(campaign, now):
    """The 公示 running, and the 结果公告 published, newest first."""
    shown = []
    for item in Publicity.objects.filter(campaign=campaign).order_by("-starts_on", "-pk"):
        state = item.state(now)
        if state in (State.RUNNING, State.ENDED, State.ANNOUNCED):
            shown.append((item, state))
    return shown


@register.inclusion_tag("publicity/components/campaign_notices.html")
def campaign_notices(campaign, home=False):
    if campaign is None:
        return {"campaign": None}
    now = timezone.now()
    publicities = _publicities(campaign, now)
    if home:  # the home page: only while it runs, and the result once published
        publicities = [(p, s) for p, s in publicities if s != State.ENDED]
    announcements = public(AnnouncementPage.objects.live().child_of(campaign))
    return {
        "campaign": campaign,
        "home": home,
        "publicities": publicities,
        "announcements": list(announcements.order_by("-date", "-pk")[:LATEST]),
    }
