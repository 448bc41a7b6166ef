"""A campaign's 后续通知 as RSS and Atom (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from publicity.models import AnnouncementPage
from publicity.views import campaign_or_404
from published.routing import public

FEED_ITEMS = 30


class AnnouncementsFeed(Feed):
    def get_object(self, request, campaign_slug):
        self.request = request
        return campaign_or_404(campaign_slug)

    def title(self, campaign):
        return f"{campaign.title} · 后续通知"

    def link(self, campaign):
        return campaign.get_url(request=self.request)

    def description(self, campaign):
        return f"{campaign.title}的后续通知"

    def items(self, campaign):
        pages = public(AnnouncementPage.objects.live().child_of(campaign))
        return pages.order_by("-date", "-first_published_at")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if item.summary:
            return item.summary
        text = " ".join(strip_tags(str(block.render())) for block in item.body)
        return " ".join(text.split())[:200]

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class AnnouncementsAtomFeed(AnnouncementsFeed):
    feed_type = Atom1Feed
    subtitle = AnnouncementsFeed.description
