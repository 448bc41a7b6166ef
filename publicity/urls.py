"""Public URLs of the 公示 and the 后续通知, included by portal/urls.py before Wagtail's
own pages (a campaign's address is their prefix)."""

from django.urls import path

from publicity import views
from publicity.feeds import AnnouncementsAtomFeed, AnnouncementsFeed

urlpatterns = [
    path(
        "publicity/objection/<str:token>/",
        views.objection_status,
        name="publicity_objection_status",
    ),
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="publicity_unsubscribe"),
    path(
        "<str:campaign_slug>/publicity/<int:pk>/",
        views.publicity_page,
        name="publicity_page",
    ),
    path(
        "<str:campaign_slug>/publicity/<int:pk>/objection/",
        views.objection,
        name="publicity_objection",
    ),
    path("<str:campaign_slug>/notices/rss/", AnnouncementsFeed(), name="publicity_feed_rss"),
    path("<str:campaign_slug>/notices/atom/", AnnouncementsAtomFeed(), name="publicity_feed_atom"),
]
