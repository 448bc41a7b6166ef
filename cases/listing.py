"""Queries behind the public lists: published cases, filters, counts per section."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch

from cases.models.case import THUMBNAIL_SPEC, CasePage, photos_with_renditions
from cases.models.taxonomy import CaseCategory

PAGE_SIZE = 12


def published_cases():
    """Live, public cases with what a card shows, in a fixed number of queries."""
    return (
        CasePage.objects.live()
        .public()
        .select_related("organization", "category", "campaign")
        .prefetch_related(Prefetch("photos", queryset=photos_with_renditions(THUMBNAIL_SPEC)))
        .order_by("-campaign__year", "category__sort_order", "-submitted_on", "pk")
    )


def parse_year(value):
    """A year from a query string, or None when it is missing or not a sensible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def filter_cases(queryset, section=None, year=None):
    if section:
        queryset = queryset.filter(category__slug=section)
    if year:
        queryset = queryset.filter(campaign__year=year)
    return queryset


def paginate(queryset, page_number, per_page=PAGE_SIZE):
    """The requested page; a number past the end or not a number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(page_number)


def section_counts():
    """Every section with the number of its published cases, in section order."""
    # public() also honours restrictions on ancestors (a private campaign), unlike a join.
    counts = dict(
        CasePage.objects.live().public().order_by().values_list("category").annotate(n=Count("pk"))
    )
    sections = list(CaseCategory.objects.order_by("sort_order", "pk"))
    for section in sections:
        section.case_count = counts.get(section.pk, 0)
    return sections


def available_years():
    return list(
        CasePage.objects.live()
        .public()
        .exclude(campaign=None)
        .values_list("campaign__year", flat=True)
        .distinct()
        .order_by("-campaign__year")
    )
