"""The public case library: every published case, filtered by section and year."""

from urllib.parse import urlencode

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cases.permissions import PublishNeedsEditMixin


class CaseLibraryPage(PublishNeedsEditMixin, Page):
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
        from cases import listing
        from cases.models.taxonomy import CaseCategory

        context = super().get_context(request, *args, **kwargs)
        sections = list(CaseCategory.objects.all())
        section = request.GET.get("section") or None
        if section not in {s.slug for s in sections}:
            section = None
        year = listing.parse_year(request.GET.get("year"))
        cases = listing.filter_cases(listing.published_cases(), section=section, year=year)
        kept = {k: v for k, v in (("section", section), ("year", year)) if v}
        context.update(
            filter_query=urlencode(kept) + "&" if kept else "",
            cases=listing.paginate(cases, request.GET.get("page")),
            sections=sections,
            years=listing.available_years(),
            selected_section=section,
            selected_year=year,
        )
        return context
