"""The embedded backend: an inverted index in the portal's own database.

Chinese text is segmented by search.text at index and query time, so it works the
same on SQLite and PostgreSQL. Every query group (a word and its synonyms) must match;
relevance is the sum of the matched terms' weights (title and tags weigh most).
"""

import math
import uuid
from collections import Counter, defaultdict

from django.db import transaction
from django.utils.safestring import mark_safe

from cases.models import CaseCategory
from search import text as chinese
from search.models import IndexVersion, SearchEntry, SearchTerm
from search.query import FACETS, Facet, FacetOption, Hit, SearchResults

FIELD_WEIGHTS = {
    "title": 5.0,
    "tags": 3.0,
    "organization": 3.0,
    "summary": 2.0,
    "section": 1.5,
    "street": 1.5,
    "captions": 1.0,
    "body": 1.0,
}
FACET_COLUMNS = {
    "section": "section_slug",
    "year": "year",
    "street": "street",
    "kind": "kind",
    "participant": "participant",
}


def _weighted_terms(doc):
    weights = Counter()
    for field, weight in FIELD_WEIGHTS.items():
        value = getattr(doc, field)
        texts = value if isinstance(value, tuple) else (value,)
        for term in (t for text in texts for t in chinese.tokens(text or "")):
            weights[term[:40]] += weight
    # Saturate repeated terms: the tenth 物业 in a body says less than the first.
    return {term: 1 + math.log(w) for term, w in weights.items()}


# The facet columns of every entry, kept in process memory between queries (about 1 MB
# for 10,000 cases): filtering and counting them in Python beats sending thousands of
# ids back to the database. The index's version, a row written in the same transaction
# as every change to it, tells each process when its copy is stale: one indexed read per
# search, right with any number of processes, with or without a shared cache.
_rows_cache = {"version": None, "rows": []}


def _changed():
    # A fresh random version, never a counter: a rebuilt database must not bring back a
    # version some process already holds rows for. Call inside the writing transaction.
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


def _facet_rows():
    version = IndexVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None or _rows_cache["version"] != version:
        rows = list(SearchEntry.objects.values("id", *FACET_COLUMNS.values(), "published_at"))
        _rows_cache.update(version=version, rows=rows)
    return _rows_cache["rows"]


class DatabaseBackend:
    def index(self, doc, *, replace=True):
        with transaction.atomic():
            _changed()
            if replace:
                SearchEntry.objects.filter(case_id=doc.id).delete()
            entry = SearchEntry.objects.create(
                case_id=doc.id,
                url=doc.url,
                title=doc.title,
                organization=doc.organization,
                section=doc.section,
                section_slug=doc.section_slug,
                year=doc.year,
                street=doc.street,
                kind=doc.organization_kind,
                participant=doc.participant_type,
                published_at=doc.published_at,
                text="\n".join(filter(None, [doc.summary, doc.body])),
            )
            SearchTerm.objects.bulk_create(
                SearchTerm(entry=entry, term=term, weight=weight)
                for term, weight in _weighted_terms(doc).items()
            )

    def remove(self, case_id):
        with transaction.atomic():
            _changed()
            SearchEntry.objects.filter(case_id=case_id).delete()

    def rebuild(self, docs):
        count = 0
        with transaction.atomic():
            _changed()
            SearchEntry.objects.all().delete()
            for doc in docs:
                self.index(doc, replace=False)
                count += 1
        return count

    # --- querying --------------------------------------------------------------------

    def _matches(self, groups):
        """{entry id: score} of entries matching every group, or None for no text."""
        if not groups:
            return None
        scores = None
        for group in groups:
            # Read from the (term, entry, weight) index alone; summed here, not in SQL.
            found = defaultdict(float)
            for entry_id, weight in SearchTerm.objects.filter(term__in=group).values_list(
                "entry_id", "weight"
            ):
                found[entry_id] += weight
            scores = (
                found
                if scores is None
                else {i: s + found[i] for i, s in scores.items() if i in found}
            )
            if not scores:
                return {}
        return scores

    def search(self, query):
        groups = chinese.query_terms(query.text)
        scores = self._matches(groups)
        rows = _facet_rows()
        if scores is not None:
            rows = [row for row in rows if row["id"] in scores]
        facets = self._facets(rows, query.filters)
        for name, value in query.filters.items():
            column = FACET_COLUMNS[name]
            rows = [r for r in rows if str(r[column]) == value]
        if query.sort == "date" or scores is None:
            rows.sort(
                key=lambda r: (r["published_at"] is not None, r["published_at"], r["id"]),
                reverse=True,
            )
        else:
            rows.sort(key=lambda r: (-scores[r["id"]], r["id"]))
        total = len(rows)
        pages = max(1, math.ceil(total / query.per_page))
        page = min(query.page, pages)
        ids = [r["id"] for r in rows[(page - 1) * query.per_page : page * query.per_page]]
        # An entry replaced since the rows were read (a concurrent rebuild) is skipped.
        by_id = SearchEntry.objects.in_bulk(ids)
        ids = [i for i in ids if i in by_id]
        terms = [t for group in groups for t in group]
        hits = tuple(
            Hit(
                id=by_id[i].case_id,
                url=by_id[i].url,
                title=by_id[i].title,
                organization=by_id[i].organization,
                section=by_id[i].section,
                year=by_id[i].year,
                snippet=mark_safe(chinese.highlight(by_id[i].text, terms)),  # noqa: S308 - escaped by highlight
                score=float(scores[i]) if scores else 0.0,
            )
            for i in ids
        )
        return SearchResults(hits=hits, total=total, facets=facets, page=page, pages=pages)

    def _facets(self, rows, filters):
        """Counts per facet value, each facet counted with the other facets' filters on."""
        labels = self._section_labels()
        facets = []
        for name, label in FACETS.items():
            column = FACET_COLUMNS[name]
            others = {n: v for n, v in filters.items() if n != name}
            counts = defaultdict(int)
            for row in rows:
                if row[column] in (None, ""):
                    continue
                if all(str(row[FACET_COLUMNS[n]]) == v for n, v in others.items()):
                    counts[str(row[column])] += 1
            options = tuple(
                FacetOption(
                    value=value,
                    label=labels.get(value, f"{value}年" if name == "year" else value),
                    count=count,
                    selected=filters.get(name) == value,
                )
                for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            facets.append(Facet(name=name, label=label, options=options))
        return tuple(facets)

    def _section_labels(self):
        return dict(CaseCategory.objects.values_list("slug", "name"))
