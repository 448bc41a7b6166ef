"""Elasticsearch backend: published cases in an index behind an alias.

It finds what the embedded backend finds (search/plan.py): each case is sent with the
portal's own terms of each field (`terms.*`, split on spaces by Elasticsearch, so the
segmentation, variants, dictionary and synonyms are the portal's) and its folded text
(`folded`, analysed by the configured Chinese analyzer, for words as written); a query
is the same groups of terms and written words. The original fields are kept for
display, highlighting and facets.

Searches are `elasticsearch.dsl` FacetedSearch requests sent through one client; rebuilds
fill a new concrete index and swap the alias in one call, so search never goes down.
"""

import contextlib
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from itertools import islice

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.dsl import Date, FacetedSearch, Integer, Keyword, Mapping, TermsFacet, Text
from elasticsearch.dsl.query import MatchNone
from elasticsearch.helpers import BulkIndexError

from search import vocabulary
from search.backends.ranking import NAMED_FIRST, NAMED_LIFT
from search.plan import (
    FIELD_WEIGHTS,
    SATURATION,
    QueryPlan,
    field_terms,
    folded_text,
    parse_query,
    plan,
)
from search.query import (
    FACETS,
    CaseDoc,
    Facet,
    FacetOption,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)

logger = logging.getLogger("search")

ANALYZERS = {  # SEARCH_ES_ANALYZER → (analyzer at index time, analyzer at search time)
    "smartcn": ("smartcn", "smartcn"),  # analysis-smartcn plugin
    "ik": ("ik_max_word", "ik_smart"),  # analysis-ik plugin
    "cjk": ("cjk", "cjk"),  # built in: overlapping bigrams, no plugin needed
}
# The portal's terms of each field, at the weight the embedded backend gives it.
TERM_FIELDS = [f"terms.{field}^{weight:g}" for field, weight in FIELD_WEIGHTS.items()]
# Matching every word outranks any score of the words themselves (partial results).
GROUP_BOOST = 1000
# A 篇, 参与主体 or year named in the query outranks a title typed whole (GROUP_BOOST each).
NAMED_BOOST = GROUP_BOOST * NAMED_LIFT
NAMED_FIELDS = {
    "section": "section_slug",
    "participant": "participant_type",
    "kind": "organization_kind",
    "year": "year",
}
# A question of three or more words: matching this share of them is matching it, each
# word counted once, however many cases its synonyms reach (the embedded backend weighs
# each word by the rarity of the word as typed: search/backends/ranking.py _covering).
COVERED = 0.6
HIGHLIGHT_FIELDS = ("body", "summary", "title")
SNIPPET_FIELDS = ("body", "summary")  # the title is shown on its own
SOURCE_FIELDS = ["url", "title", "organization", "section", "year", "summary"]
ERRORS = (TransportError, ApiError)  # unreachable, timed out, or refused by the server
MAX_WINDOW = 10_000  # index.max_result_window: from + size may not pass it
BULK_CHUNK = 500
SNIPPET_CHARS = 120


def analyzer_pair(name=None):
    """(index analyzer, search analyzer) for a SEARCH_ES_ANALYZER value."""
    name = name or getattr(settings, "SEARCH_ES_ANALYZER", "cjk")
    try:
        return ANALYZERS[name]
    except KeyError:
        choices = ", ".join(ANALYZERS)
        raise ImproperlyConfigured(f"SEARCH_ES_ANALYZER={name!r}: use one of {choices}") from None


def case_mapping(analyzer=None) -> dict:
    """The CaseDocument mapping: CaseDoc's public fields and nothing else (dynamic: strict)."""
    index_analyzer, search_analyzer = analyzer_pair(analyzer)

    def text(**kwargs):
        if search_analyzer != index_analyzer:
            kwargs["search_analyzer"] = search_analyzer
        return Text(analyzer=index_analyzer, **kwargs)

    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    for name in ("title", "organization", "summary", "body", "captions"):
        mapping.field(name, text())
    for name in ("tags", "section", "street"):  # searched as text, counted as keywords
        mapping.field(name, text(fields={"keyword": Keyword()}))
    for name in ("section_slug", "organization_kind", "participant_type"):
        mapping.field(name, Keyword())
    mapping.field("year", Integer())
    mapping.field("url", Keyword(index=False))
    mapping.field("published_at", Date())
    # The portal's terms, space-separated: Elasticsearch only splits them, and scores their
    # repeats as the embedded backend does (INDEX_SETTINGS).
    terms = {field: Text(analyzer="whitespace", similarity="terms") for field in FIELD_WEIGHTS}
    mapping.field("terms", "object", properties=terms)
    # Words as written: the standard analyzer cuts Chinese into single characters, so a
    # phrase query finds any run of them, as the embedded backend's scan of its text.
    mapping.field("folded", Text(analyzer="standard"))
    return mapping.to_dict()


# The terms fields' scoring: BM25 with the embedded backend's saturation (search/plan.py).
INDEX_SETTINGS = {"similarity": {"terms": {"type": "BM25", "k1": SATURATION}}}


def document_source(doc: CaseDoc) -> dict:
    """What is sent for one case, field by field: a field added to CaseDoc is not sent;
    terms and folded are made of the public fields above."""
    return {
        "url": doc.url,
        "title": doc.title,
        "organization": doc.organization,
        "organization_kind": doc.organization_kind,
        "section": doc.section,
        "section_slug": doc.section_slug,
        "year": doc.year,
        "street": doc.street,
        "participant_type": doc.participant_type,
        "summary": doc.summary,
        "body": doc.body,
        "captions": list(doc.captions),
        "tags": list(doc.tags),
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "terms": {field: " ".join(field_terms(doc, field)) for field in FIELD_WEIGHTS},
        "folded": folded_text(doc),
    }


class LabelledTermsFacet(TermsFacet):
    """Terms on a keyword (the URL value), with each bucket's display label beside it."""

    def __init__(self, label_field, **kwargs):
        super().__init__(**kwargs)
        self.label_field = label_field

    def get_aggregation(self):
        agg = super().get_aggregation()
        agg.bucket("label", "terms", field=self.label_field, size=1)
        return agg


class YearFacet(TermsFacet):
    """A year that is not a number matches nothing instead of failing the request."""

    def add_filter(self, filter_values):
        years = [int(v) for v in filter_values if re.fullmatch(r"[0-9]{1,4}", str(v))]
        return super().add_filter(years) if years else MatchNone()


def _group_query(group):
    """A case matches a group through any of its terms or written words; the best counts."""
    queries = [
        {"multi_match": {"query": term, "fields": TERM_FIELDS, "type": "best_fields"}}
        for term in group.terms
    ]
    queries += [
        {"match_phrase": {"folded": {"query": word, "boost": group.written_weight}}}
        for word in group.written
    ]
    return {"dis_max": {"queries": queries}}


def _excluded_query(word):
    return {
        "bool": {
            "should": [
                {"multi_match": {"query": word, "fields": TERM_FIELDS}},
                {"match_phrase": {"folded": word}},
            ]
        }
    }


def text_query(asked: QueryPlan, partial=False, prefer=()) -> dict:
    """The required groups all (a question of three or more: COVERED of them), soft
    groups ranking only; partial: any group, the cases that match more groups first.
    The cases of a 篇, 参与主体 or year the query names (prefer) come first among those
    that match, as on the embedded backend (search/backends/ranking.py NAMED_FIRST)."""
    query = _text_query(asked, partial)
    named = [
        {"constant_score": {"filter": {"term": {NAMED_FIELDS[name]: value}}, "boost": NAMED_BOOST}}
        for name, value in prefer
        if name in NAMED_FIRST
    ]
    return {"bool": {"must": [query], "should": named}} if named else query


def _text_query(asked, partial):
    required = asked.required()
    soft = [_group_query(g) for g in asked.groups if g not in required]
    # A title holding a run of the query as typed comes first (as on the embedded backend).
    soft += [{"match_phrase": {"title": {"query": p, "boost": GROUP_BOOST}}} for p in asked.titled]
    groups = [_group_query(group) for group in required]
    if partial:
        counted = [{"constant_score": {"filter": g, "boost": GROUP_BOOST}} for g in groups]
        query = {"bool": {"should": counted + groups + soft, "minimum_should_match": 1}}
    elif not groups:  # soft words only (静安区): every case, those holding them first
        query = {"bool": {"must": [{"match_all": {}}], "should": soft}}
    elif len(groups) >= 3:
        share = f"{round(COVERED * 100)}%"
        query = {"bool": {"must": [{"bool": {"should": groups, "minimum_should_match": share}}]}}
        if soft:
            query["bool"]["should"] = soft
    else:
        query = {"bool": {"must": groups}}
        if soft:
            query["bool"]["should"] = soft
    if asked.excluded:
        query["bool"]["must_not"] = [_excluded_query(word) for word in asked.excluded]
    return query


def highlight_query(asked: QueryPlan) -> dict:
    """Marks in the shown text: the query's words where they are written."""
    words = list(dict.fromkeys(asked.written() + asked.terms()))
    return {
        "bool": {
            "should": [
                {"match_phrase": {field: word}} for word in words for field in HIGHLIGHT_FIELDS
            ]
        }
    }


class CaseSearch(FacetedSearch):
    fields = HIGHLIGHT_FIELDS  # FacetedSearch highlights when fields are set; query() is ours
    facets = {
        "section": LabelledTermsFacet("section.keyword", field="section_slug", size=50),
        "year": YearFacet(field="year", size=50, order={"_key": "desc"}),
        "street": TermsFacet(field="street.keyword", size=100),
        "kind": TermsFacet(field="organization_kind", size=50),
        "participant": TermsFacet(field="participant_type", size=50),
    }

    def __init__(self, asked=None, filters=None, sort=(), *, index, partial=False, prefer=()):
        self.index = index  # before super(): it builds the search at once
        self.partial = partial
        self.prefer = prefer
        super().__init__(asked, filters or {}, list(sort))

    def search(self):
        return super().search().source(SOURCE_FIELDS).extra(track_total_hits=True)

    def query(self, search, asked):
        if not asked:
            return search
        return search.query(text_query(asked, self.partial, self.prefer))

    def highlight(self, search):
        search = search.highlight(*HIGHLIGHT_FIELDS, fragment_size=80, number_of_fragments=2)
        # encoder=html: ES escapes the text around the tags, so fragments are safe HTML.
        options = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
        if self._query:
            options["highlight_query"] = highlight_query(self._query)
        return search.highlight_options(**options)


def _body(response):
    return getattr(response, "body", response)


def _chunks(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ElasticsearchBackend(SearchBackend):
    def __init__(self, client=None, alias="cases", analyzer=None):
        self._client = client
        self.alias = alias
        self.analyzer = analyzer
        analyzer_pair(analyzer)  # a wrong setting fails here, not at the first rebuild

    @property
    def client(self):
        if self._client is None:
            self._client = Elasticsearch(settings.ELASTICSEARCH_URL)
        return self._client

    # Searching

    def build_search(self, query: SearchQuery, partial=False) -> CaseSearch:
        filters = {name: value for name, value in query.filters.items() if name in FACETS}
        sort = ["-published_at"] if query.sort == "date" else []
        asked = plan(parse_query(query)) if query.text or query.boost else None
        if asked is not None and not asked.groups:  # punctuation only: nothing to find
            asked = None
        faceted = CaseSearch(
            asked, filters, sort, index=self.alias, partial=partial, prefer=query.prefer
        )
        per_page = max(1, query.per_page)
        start = (max(1, query.page) - 1) * per_page
        if start + per_page > MAX_WINDOW:  # past what ES pages through: no hits, still counts
            return faceted[0:0]
        return faceted[start : start + per_page]

    def search_body(self, query: SearchQuery, partial=False) -> dict:
        return self.build_search(query, partial)._s.to_dict()

    def search(self, query: SearchQuery) -> SearchResults:
        results = self._searched(query)
        if not results.hits and results.page > results.pages:  # past the end: the last page
            results = self._searched(replace(query, page=results.pages))
        return results

    def _searched(self, query):
        """Cases holding every word; when fewer than a page, those holding some follow
        (as on the embedded backend: search/backends/database.py)."""
        full = self._search(query)
        if full.total >= query.per_page or len(parse_query(query).groups) < 2:
            return full
        partial = self._search(query, partial=True)
        if partial.total == full.total:
            return full
        return replace(partial, partial_from=full.total)

    def _search(self, query, partial=False):
        try:
            body = self.search_body(query, partial)
            response = self.client.search(index=self.alias, body=body)
        except ERRORS as error:
            logger.warning("Elasticsearch search failed: %s", error)
            raise SearchUnavailable(str(error)) from error
        response = _body(response)
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else int(total)
        aggregations = response.get("aggregations") or {}
        return SearchResults(
            hits=tuple(self._hit(hit) for hit in response["hits"]["hits"]),
            total=total,
            facets=tuple(self._facet(name, aggregations, query.filters) for name in FACETS),
            page=query.page,
            pages=max(1, math.ceil(total / max(1, query.per_page))),
        )

    @staticmethod
    def _hit(hit):
        source = hit.get("_source") or {}
        highlight = hit.get("highlight") or {}
        fragments = next((highlight[f] for f in SNIPPET_FIELDS if highlight.get(f)), None)
        if fragments:  # escaped by Elasticsearch (encoder=html) but for the <mark> tags
            snippet = mark_safe(" … ".join(fragments))  # noqa: S308
        else:
            summary = source.get("summary") or ""
            cut = summary[:SNIPPET_CHARS] + ("…" if len(summary) > SNIPPET_CHARS else "")
            snippet = escape(cut)
        return Hit(
            id=int(hit["_id"]),
            url=source.get("url") or "",
            title=source.get("title") or "",
            organization=source.get("organization") or "",
            section=source.get("section") or "",
            year=source.get("year"),
            snippet=snippet,
            score=hit.get("_score") or 0.0,
        )

    @staticmethod
    def _facet(name, aggregations, filters):
        buckets = aggregations.get(f"_filter_{name}", {}).get(name, {}).get("buckets", [])
        options = []
        for bucket in buckets:
            value = str(bucket["key"])
            labels = bucket.get("label", {}).get("buckets")
            label = labels[0]["key"] if labels else f"{value}年" if name == "year" else value
            selected = filters.get(name) == value
            options.append(FacetOption(value, str(label), bucket["doc_count"], selected))
        return Facet(name=name, label=FACETS[name], options=tuple(options))

    # Keeping the index in step with publishing: failures never block an editor.

    def index(self, doc: CaseDoc) -> None:
        try:
            self.client.index(
                index=self.alias, id=str(doc.id), document=document_source(doc), require_alias=True
            )
        except ERRORS as error:
            logger.warning("Case %s not indexed, the next rebuild adds it: %s", doc.id, error)

    def suggestions(self, text):
        # The index's words with their sounds and initials (search/vocabulary.py), kept
        # beside the index by search/indexing.py whatever the backend.
        return vocabulary.correct_query(text)

    def remove(self, case_id) -> None:
        try:
            self.client.delete(index=self.alias, id=str(case_id))
        except NotFoundError:
            pass  # never indexed, or already gone
        except ERRORS as error:
            logger.warning("Case %s not removed, the next rebuild drops it: %s", case_id, error)

    def rebuild(self, docs: Iterable[CaseDoc]) -> int:
        """Fill a new index, point the alias at it in one step, delete the older ones."""
        client = self.client
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        client.indices.create(
            index=name, mappings=case_mapping(self.analyzer), settings=INDEX_SETTINGS
        )
        try:
            count = self._bulk(name, docs)
            client.indices.refresh(index=name)
        except Exception:
            with contextlib.suppress(*ERRORS):
                client.indices.delete(index=name)
            raise
        existing = _body(client.indices.get_alias(index=f"{self.alias}-*"))
        actions = [
            {"remove": {"index": index, "alias": self.alias}}
            for index, info in existing.items()
            if index != name and self.alias in (info.get("aliases") or {})
        ]
        actions.append({"add": {"index": name, "alias": self.alias}})
        client.indices.update_aliases(actions=actions)
        ours = re.compile(rf"{re.escape(self.alias)}-[0-9]+")
        stale = sorted(index for index in existing if index != name and ours.fullmatch(index))
        if stale:
            client.indices.delete(index=",".join(stale))
        return count

    def _bulk(self, name, docs):
        count = 0
        for chunk in _chunks(docs, BULK_CHUNK):
            operations = []
            for doc in chunk:
                operations.append({"index": {"_index": name, "_id": str(doc.id)}})
                operations.append(document_source(doc))
            response = _body(self.client.bulk(operations=operations))
            if response.get("errors"):
                failed = [i for i in response["items"] if next(iter(i.values())).get("error")]
                raise BulkIndexError(f"{len(failed)} case(s) failed to index", failed)
            count += len(chunk)
        return count
