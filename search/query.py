"""What a search asks and what it gets back: plain data, the same for every backend."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from cases.fields.facets import FACETS, Facet, FacetOption  # noqa: F401 - one source with the library

# The district every case of the library belongs to (every street of
# cases.fields.enums.JINGAN_STREETS is in it): naming it narrows nothing.
HOME_DISTRICT = "静安区"
MAX_QUERY_LENGTH = 200  # characters kept of a query; longer input is cut, not refused
PER_PAGE = 10
SORTS = ("relevance", "date")


def _clean(value, limit=80):
    """Printable text only (no control characters), stripped and cut to limit."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable())
    return text.strip()[:limit]


def _positive_int(value, default):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # facet name → selected value (str)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    # Words that rank the cases holding them without being required: what the page took
    # out of the text as a filter offer (2016, 曹家渡, 生活服务篇, 静安区).
    boost: str = ""
    # Facet values the text names, (facet name, value): the cases holding them rank first.
    prefer: tuple = ()
    # A title holding a run of the text as typed lifts its case (search/plan.py); not when
    # the text only names a 篇 (search/answer.py).
    titled: bool = True

    @classmethod
    def from_querydict(cls, params):
        """From a request's GET: never raises, whatever the visitor typed."""
        text = _clean(params.get("q"), MAX_QUERY_LENGTH)
        filters = {name: value for name in FACETS if (value := _clean(params.get(name)))}
        sort = params.get("sort") if params.get("sort") in SORTS else "relevance"
        return cls(text=text, filters=filters, sort=sort, page=_positive_int(params.get("page"), 1))


@dataclass(frozen=True)
class CaseDoc:
    """The public fields of one published case: all a backend may ever index."""

    id: int
    url: str
    title: str
    organization: str
    organization_kind: str  # label, e.g. 社区专业调处类社会组织
    section: str  # 篇 name
    section_slug: str
    year: int | None
    street: str
    participant_type: str  # label, e.g. 社会组织
    summary: str
    body: str  # plain text, one paragraph a line
    captions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # in the order the applicant or editor gave them
    published_at: datetime | None = None

    @property
    def topic(self):
        """The case's main topic: its first tag, the keyword given first."""
        return self.tags[:1]


@dataclass(frozen=True)
class Hit:
    id: int
    url: str
    title: str
    organization: str
    section: str
    year: int | None
    snippet: str  # safe HTML: escaped text with <mark>…</mark> around matched words
    score: float = 0.0


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[Hit, ...]
    total: int
    facets: tuple[Facet, ...]
    page: int
    pages: int
    # Where the cases holding only some of the query's words begin (None: all hold all).
    partial_from: int | None = None

    @property
    def partial_at(self):
        """Index in this page's hits where the partial matches begin, or None."""
        if self.partial_from is None:
            return None
        offset = self.partial_from - (self.page - 1) * PER_PAGE
        return offset if 0 <= offset < len(self.hits) else None


class SearchUnavailable(Exception):
    """The search service cannot be reached: the page says so (HTTP 503)."""


@runtime_checkable
class SearchBackend(Protocol):
    """What the portal asks of a search backend (search/backend.py picks one): keep the
    index in step with publishing, answer a query, suggest a query that finds more."""

    def index(self, doc: CaseDoc) -> None:
        """Add or replace one published case."""

    def remove(self, case_id: int) -> None:
        """Forget one case (withdrawn, deleted); a case never indexed is no error."""

    def rebuild(self, docs: Iterable[CaseDoc]) -> int:
        """Replace the whole index with these cases; returns how many were indexed."""

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results with every facet's counts; SearchUnavailable if down."""

    def suggestions(self, text: str) -> str:
        """A query that may be meant instead of `text` (same sound, pinyin, initials),
        made of the index's own words, or "" when none."""
