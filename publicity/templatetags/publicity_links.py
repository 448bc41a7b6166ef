"""What a campaign's page and the home page show of the 公示 and the 后续通知: inside
their published parts, which are kept per content generation and day (the period's
bounds are whole days)."""

from django import template
from django.utils import timezone

from publicity.models import AnnouncementPage, Publicity, State
from published.prepared import Prepared
from published.routing import public, restricted_paths

register = template.Library()
LATEST = 5


def _publicities(campaign, now):
    """The 公示 running, and the 结果公告 published, newest first."""
    shown = []
    for item in _PUBLICITIES.list(campaign.pk):
        state = item.state(now)
        if state in (State.RUNNING, State.ENDED, State.ANNOUNCED):
            shown.append((item, state))
    return shown


@register.inclusion_tag("publicity/components/campaign_notices.html", takes_context=True)
def campaign_notices(context, campaign, home=False):
    if campaign is None:
        return {"campaign": None}
    now = timezone.now()
    publicities = _publicities(campaign, now)
    if home:  # the home page: only while it runs, and the result once published
        publicities = [(p, s) for p, s in publicities if s != State.ENDED]
    restricted = restricted_paths()
    return {
        "request": context.get("request"),  # {% pageurl %}: the Site's root paths once
        "campaign": campaign,
        "home": home,
        "publicities": publicities,
        "announcements": _ANNOUNCEMENTS.list(campaign, restricted, shape=len(restricted)),
    }


def notices_calls(campaign):
    """campaign_notices()'s queries (Prepared.call()), for a page made afresh to ask
    them with its own."""
    restricted = restricted_paths()
    return [
        _PUBLICITIES.call(campaign.pk),
        _ANNOUNCEMENTS.call(campaign, restricted, shape=len(restricted)),
    ]


# Compiled once (published/prepared.py): every campaign and home page made afresh asks.
_PUBLICITIES = Prepared(
    lambda pk: Publicity.objects.filter(campaign_id=pk).order_by("-starts_on", "-pk"),
    lambda pk: [pk],
)


def _announcements(campaign, restricted):
    announcements = AnnouncementPage.objects.live().filter(
        path__startswith=campaign.path, depth=campaign.depth + 1
    )
    return public(announcements, restricted).order_by("-date", "-pk")[:LATEST]


_ANNOUNCEMENTS = Prepared(
    _announcements,
    lambda campaign, restricted: [
        campaign.depth + 1,
        f"{campaign.path}%",
        *(f"{path}%" for path in restricted),
    ],
)
