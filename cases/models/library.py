"""The public case library: every published case, filtered by the search's facets (篇,
年度, 街道, 单位类型, 参与主体: cases/fields/facets.py), sorted and paged as the visitor chose.

Each filter state has one address: its parameters in a fixed order, defaults left out.
Any other spelling of the same state is sent there (301), so the front cache, which keys
on the query string, keeps one copy per state and a shared link is the page's own."""

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponsePermanentRedirect
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cases.fields import facets as case_facets
from cases.fields.title_order import title_pinyin
from cases.models.case import CasePage
from cases.models.case import cards as case_cards
from cases.models.taxonomy import CaseCategory
from cases.rules.permissions import PublishNeedsEditMixin
from published import parts as published
from published.prepared import Prepared
from published.routing import PublishedPageMixin, restricted_paths
from published.routing import public as published_public

PAGE_SIZES = (12, 24, 48)
PAGE_SIZE = PAGE_SIZES[0]
SORTS = {"date": "最新", "title": "标题", "section": "篇"}  # the first is the default
# On a phone the filters fold in below this many cards.
FIRST_CARDS = 4
# The address's parameters, in their one order.
PARAMS = (*case_facets.FACETS, "sort", "per", "page")


def parse_year(value):
    """A year from a query string, or None when it is missing or not a sensible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


@dataclass
class LibraryIndex:
    """What filtering, counting and sorting need of every published case, made once per
    content generation: ids per facet value, and the ids in each sort order."""

    ids: frozenset = frozenset()
    holding: dict = field(default_factory=dict)
    orders: dict = field(default_factory=dict)


# A page saved before its pinyin was kept has none (cases/fields/title_order.py): worked
# out here then, once per title in this process.
@lru_cache(maxsize=8192)
def _title_pinyin(title):
    return title_pinyin(title)


def _title_key(row):
    # By pinyin, as a Chinese reader looks a title up; the characters break ties.
    title = row[1] or ""
    return (row[10] or _title_pinyin(title), title, row[0])


def build_index(cases=None):
    """The library's filters and orders over the published cases (or these)."""
    if cases is None:
        restricted = restricted_paths()
        rows = _INDEX_ROWS.list(restricted, shape=len(restricted))
    else:
        rows = list(_index_rows(cases))
    return _index_of(rows)


def _index_rows(cases):
    return cases.order_by().values_list(
        "pk",
        "title",
        "category__slug",
        "category__sort_order",
        "campaign__year",
        "street",
        "organization__kind",
        "participant_type",
        "submitted_on",
        "first_published_at",
        "title_pinyin",
    )


# Compiled once per number of restricted sections (published/prepared.py).
_INDEX_ROWS = Prepared(
    lambda restricted: _index_rows(published_public(CasePage.objects.live(), restricted)),
    lambda restricted: [f"{path}%" for path in restricted],
)


def _index_of(rows):
    holding = {name: {} for name in case_facets.FACETS}
    for pk, _t, slug, _o, year, street, kind, participant, _s, _p, _k in rows:
        values = {
            "section": slug,
            "year": str(year) if year else "",
            "street": (street or "").strip(),
            "kind": case_facets.kind_value(kind),
            "participant": case_facets.participant_value(participant),
        }
        for name, value in values.items():
            if value:
                holding[name].setdefault(value, set()).add(pk)

    def newest(row):
        # The year of the call, then the day it was sent, then publication; newest first.
        day = row[8] or (row[9].date() if row[9] else None)
        return (-(row[4] or 0), -(day.toordinal() if day else 0), -row[0])

    by_date = sorted(rows, key=newest)
    rank = {row[0]: i for i, row in enumerate(by_date)}
    orders = {
        "date": [row[0] for row in by_date],
        "title": [row[0] for row in sorted(rows, key=_title_key)],
        "section": [row[0] for row in sorted(rows, key=lambda r: (r[3], r[2], rank[r[0]]))],
    }
    return LibraryIndex(ids=frozenset(rank), holding=holding, orders=orders)


@dataclass(frozen=True)
class LibraryQuery:
    filters: dict
    sort: str = "date"
    per: int = PAGE_SIZE
    page: int = 1

    @classmethod
    def from_params(cls, params, index):
        """From a request's GET, keeping only values that name cases: never raises."""
        filters = {}
        for name in case_facets.FACETS:
            value = params.get(name)
            if value and value in index.holding[name]:
                filters[name] = value
        sort = params.get("sort") if params.get("sort") in SORTS else "date"
        try:
            per = int(params.get("per", PAGE_SIZE))
        except (TypeError, ValueError):
            per = PAGE_SIZE
        per = per if per in PAGE_SIZES else PAGE_SIZE
        try:
            page = max(1, int(params.get("page", 1)))
        except (TypeError, ValueError, OverflowError):
            page = 1
        return cls(filters=filters, sort=sort, per=per, page=page)

    def pairs(self, **changes):
        """The address's parameters in their order, defaults left out."""
        values = {**self.filters, "sort": self.sort, "per": self.per, "page": self.page}
        values.update(changes)
        defaults = {"sort": "date", "per": PAGE_SIZE, "page": 1}
        return [
            (name, str(values[name]))
            for name in PARAMS
            if values.get(name) not in (None, "") and values.get(name) != defaults.get(name)
        ]

    def url(self, **changes):
        """ "?…" for this state with some parameters changed ("" drops a filter), or ""
        for the plain library; a change of filter, sort or size starts at page 1."""
        if "page" not in changes:
            changes["page"] = 1
        pairs = self.pairs(**changes)
        return "?" + urlencode(pairs) if pairs else ""


_SECTIONS = Prepared(lambda: CaseCategory.objects.order_by("sort_order", "pk"), lambda: [])


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

    def _index(self, request):
        return published.remember(request, "library-index", build_index)

    def serve(self, request, *args, **kwargs):
        if published.plain_request(request) and request.method == "GET":
            self.ask_ahead(request)  # before the index: it is one of them
            index = self._index(request)
            query = LibraryQuery.from_params(request.GET, index)
            # The last value of a repeated parameter is the one read: compare those.
            given = [(k, request.GET[k]) for k in dict.fromkeys(request.GET) if k in PARAMS]
            if given != query.pairs():
                # page stays what was asked: the nearest page is settled with the count.
                return HttpResponsePermanentRedirect(
                    self.get_url(request) + query.url(page=query.page)
                )
        return super().serve(request, *args, **kwargs)

    def read_ahead(self, request):
        restricted = restricted_paths()
        return [
            *super().read_ahead(request),
            _INDEX_ROWS.call(restricted, shape=len(restricted)),
            _SECTIONS.call(),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = published.remember(request, "sections", _SECTIONS.list)
        index = self._index(request)
        query = LibraryQuery.from_params(request.GET, index)
        selected = case_facets.selected_ids(index.holding, index.ids, query.filters)
        ordered = [pk for pk in index.orders.get(query.sort, []) if pk in selected]
        paginator = Paginator(ordered, query.per)
        # A page past the end or not a number gives the nearest page.
        page = paginator.get_page(query.page)
        page_ids = list(page.object_list)
        base = self.get_url(request)

        def link(**changes):
            return base + query.url(**changes)

        context.update(
            query=query,
            # What the cached part shows: the state with the page settled.
            part_key=urlencode(query.pairs(page=page.number)),
            cases=page,
            sections=sections,
            selected_section=query.filters.get("section"),
            selected_year=parse_year(query.filters.get("year")),
            **published.lazily(
                cards=lambda: self._cards(page_ids),
                facets=lambda: self._facets(index, query, sections, link),
                chosen=lambda: [
                    (
                        case_facets.FACETS[name],
                        self._label(name, value, sections),
                        link(**{name: ""}),
                    )
                    for name, value in query.filters.items()
                ],
                sort_links=lambda: [(key, label, link(sort=key)) for key, label in SORTS.items()],
                size_links=lambda: [(size, link(per=size)) for size in PAGE_SIZES],
                pages=lambda: self._pages(page, link),
            ),
        )
        return context

    @staticmethod
    def _label(name, value, sections):
        names = {s.slug: s.name for s in sections}
        return case_facets.option_label(name, value, names)

    @staticmethod
    def _cards(page_ids):
        cards = case_cards(page_ids)
        return {"first": cards[:FIRST_CARDS], "more": cards[FIRST_CARDS:]}

    @staticmethod
    def _facets(index, query, sections, link):
        names = {s.slug: s.name for s in sections}
        counted = case_facets.count_facets(index.holding, index.ids, query.filters, names)
        return [
            (
                facet,
                [
                    (option, link(**{facet.name: "" if option.selected else option.value}))
                    for option in facet.options
                ],
            )
            for facet in counted
            if facet.options
        ]

    @staticmethod
    def _pages(page, link):
        paginator = page.paginator
        numbers = range(max(1, page.number - 3), min(paginator.num_pages, page.number + 3) + 1)
        return {
            "numbers": [(n, link(page=n)) for n in numbers],
            "previous": link(page=page.number - 1) if page.has_previous() else "",
            "next": link(page=page.number + 1) if page.has_next() else "",
        }
