"""The home page: the current campaign, featured cases and counts per section."""

from axes.models import AccessAttempt
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from cases.models import CampaignPage, CaseLibraryPage, CasePage
from cases.models.campaign import phases_call
from cases.models.case import cards as case_cards
from cases.models.case import cards_calls
from cases.rules.permissions import PublishNeedsEditMixin
from publicity.templatetags.publicity_links import notices_calls
from published import parts as published
from published.prepared import Prepared
from published.routing import (
    PublishedPageMixin,
    ahead_for_page,
    page_made_afresh,
    restricted_paths,
)
from published.routing import public as published_public

FEATURED_LIMIT = 6


class HomePage(PublishedPageMixin, PublishNeedsEditMixin, Page):
    template = "pages/home_page.html"

    intro = models.TextField("导语", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_cases", heading="推荐案例", label="推荐案例", max_num=FEATURED_LIMIT),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cases.CampaignPage", "cases.CaseLibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def route(self, request, path_components):
        # The campaign or the library in one query (Wagtail's router takes two per level,
        # the generic page, then the specific one). A case under a campaign is fetched
        # by the campaign's route: joined here with its campaign, PostgreSQL took longer
        # to plan the query (six tables, 1.4 ms) than the second round trip it saved.
        if path_components:
            child = _CHILD_BY_SLUG.first(self, path_components[0])
            specific = _joined_specific(child) if child is not None else None
            if specific is not None:
                specific._cached_parent_obj = self
                return specific.route(request, path_components[1:])
        return super().route(request, path_components)

    def current_campaign(self):
        restricted = restricted_paths()
        campaign = _CURRENT_CAMPAIGN.first(self, restricted, shape=len(restricted))
        return campaign.with_phases() if campaign is not None else None

    def featured(self, preview=False):
        """Cases chosen by the editors, else the latest published ones. A preview shows
        the choice held in the editor's form, not the saved one."""
        if preview:
            chosen = [item.case_id for item in self.featured_cases.all() if item.case_id]
        else:
            chosen = _CHOSEN.list(self.pk)
        if chosen:
            return case_cards(chosen)
        restricted = restricted_paths()
        return case_cards(_LATEST.list(restricted, shape=len(restricted)))

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        campaign = response.context_data["campaign"] if hasattr(response, "context_data") else None
        if campaign is not None:
            # The front cache keeps the page until the campaign's deadline or day changes.
            response["X-Accel-Expires"] = str(campaign.seconds_unchanged())
        return response

    def read_ahead(self, request):
        restricted = restricted_paths()
        shape = len(restricted)
        return [
            *super().read_ahead(request),
            _CURRENT_CAMPAIGN.call(self, restricted, shape=shape),
            _SECTION_COUNTS.call(restricted, shape=shape),
            _LIBRARY.call(),
            _CHOSEN.call(self.pk),
        ]

    def _read_ahead_after_campaign(self, request):
        """What the campaign and the editors' choice lead to (its phases and notices,
        the cards), asked together once they are known (read ahead with the page)."""
        restricted = restricted_paths()
        campaign = _CURRENT_CAMPAIGN.first(self, restricted, shape=len(restricted))
        chosen = _CHOSEN.list(self.pk)
        ahead_for_page(
            request,
            [
                *([phases_call(campaign), *notices_calls(campaign)] if campaign else []),
                *(cards_calls(chosen) if chosen else []),
            ],
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if page_made_afresh(request):
            self._read_ahead_after_campaign(request)
        campaign = published.remember(
            request, published.key_of("current-campaign", self.pk), self.current_campaign
        )
        context["campaign"] = campaign
        context["clock"] = campaign.clock() if campaign else ""
        context.update(
            published.lazily(
                featured=lambda: self.featured(getattr(request, "is_preview", False)),
                sections=lambda: _SECTION_COUNTS.list(
                    restricted_paths(), shape=len(restricted_paths())
                ),
                library=lambda: _LIBRARY.first(),
            )
        )
        return context


class HomeFeaturedCase(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_cases")
    case = models.ForeignKey(
        "cases.CasePage", on_delete=models.CASCADE, related_name="+", verbose_name="案例"
    )

    panels = [FieldPanel("case")]

    class Meta(Orderable.Meta):
        verbose_name = "推荐案例"


# The home page's children that its route fetches in their specific form, joined.
_ROUTED_CHILDREN = (CampaignPage, CaseLibraryPage)

# A child of the home page by its slug, joined to its campaign or library row: compiled
# once (published/prepared.py).
_CHILD_BY_SLUG = Prepared(
    lambda home, slug: (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug)
        .select_related(*(model._meta.model_name for model in _ROUTED_CHILDREN))
        .order_by("path")[:1]
    ),
    lambda home, slug: [home.depth + 1, f"{home.path}%", slug],
)


def _joined_specific(page):
    """The campaign or library the child's query joined, or None (another page type)."""
    model = page.specific_class
    if model in _ROUTED_CHILDREN:
        return getattr(page, model._meta.model_name)
    return None


# What the home page shows, compiled once (published/prepared.py): the editors' choice,
# else the latest published cases.
_CHOSEN = Prepared(
    lambda pk: (
        HomeFeaturedCase.objects.filter(page_id=pk)
        .order_by("sort_order")
        .values_list("case_id", flat=True)
    ),
    lambda pk: [pk],
)
_CURRENT_CAMPAIGN = Prepared(
    lambda home, restricted: published_public(
        CampaignPage.objects.live().filter(path__startswith=home.path, depth=home.depth + 1),
        restricted,
    ).order_by("-year", "-submission_deadline")[:1],
    lambda home, restricted: [
        home.depth + 1,
        f"{home.path}%",
        *(f"{path}%" for path in restricted),
    ],
)
_SECTION_COUNTS = Prepared(
    lambda restricted: published_public(CasePage.objects.live(), restricted).section_counts_query(),
    lambda restricted: [f"{path}%" for path in restricted],
)
_LIBRARY = Prepared(lambda: CaseLibraryPage.objects.live().order_by("path")[:1], lambda: [])
_LATEST = Prepared(
    lambda restricted: (
        published_public(CasePage.objects.live(), restricted)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)[:FEATURED_LIMIT]
    ),
    lambda restricted: [f"{path}%" for path in restricted],
)


class LoginLock(AccessAttempt):
    """Failed logins counted by django-axes, named for the people who unlock them."""

    class Meta:
        proxy = True
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"


__all__ = ["HomeFeaturedCase", "HomePage", "LoginLock"]
