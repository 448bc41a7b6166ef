"""The public case library: every published case, filtered by section and year."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cases.models.case import CasePage
from cases.models.taxonomy import CaseCategory
from cases.permissions import PublishNeedsEditMixin
from published import parts as published
from published.routing import PublishedPageMixin

PAGE_SIZE = 12


def parse_year(value):
    """A year from a query string, or None when it is missing or not a sensible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


class CaseLibraryPage(PublishedPageMixin, PublishNeedsEditMixin, Page):
    template = "pages/case_library_page.html"

    intro = models.TextField("导语", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "案例库"
        verbose_name_plural = "案例库"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = published.remember(
            request, "sections", lambda: list(CaseCategory.objects.order_by("sort_order", "pk"))
        )
        section = request.GET.get("section") or None
        if section not in {s.slug for s in sections}:
            section = None
        year = parse_year(request.GET.get("year"))
        cases = CasePage.objects.published().for_cards().filtered(section=section, year=year)
        paginator = Paginator(cases, PAGE_SIZE)
        # The count once per content generation: the page number is settled before the
        # cached part is looked up, so ?page=999 and ?page=x share the nearest page's.
        paginator.count = published.remember(
            request, published.key_of("library-count", section, year), cases.count
        )
        kept = {k: v for k, v in (("section", section), ("year", year)) if v}
        context.update(
            filter_query=urlencode(kept) + "&" if kept else "",
            # A page past the end or not a number gives the nearest page.
            cases=paginator.get_page(request.GET.get("page")),
            sections=sections,
            selected_section=section,
            selected_year=year,
            **published.lazily(years=lambda: CasePage.objects.published().years()),
        )
        return context
