"""The embedded backend: an inverted index in the portal's own database.

Chinese text is segmented by search.text at index and query time, so it works the
same on SQLite and PostgreSQL. A query is a list of groups (a word and the words that
mean the same); a case matches a group through any of its words (the best one counts,
not their sum), as an index term, or written in its folded text however the segmenter
cut it (at a low weight). Cases that match every group come first; when they are
fewer than a page, the cases that match some groups follow, ranked by how many and how
rare the words they hold (the page says so). Title, tags and organisation weigh most.
"""

import math
import operator
import uuid
from collections import Counter, defaultdict
from functools import reduce

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.utils.safestring import mark_safe

from cases.models import CaseCategory
from search import text as chinese
from search.models import IndexVersion, SearchEntry, SearchTerm
from search.plan import FIELD_WEIGHTS, field_terms, folded_text, plan
from search.query import FACETS, Facet, FacetOption, Hit, SearchResults

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
        for term in field_terms(doc, field):
            weights[term] += weight
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
                folded=folded_text(doc),
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

    def _term_scores(self, groups):
        """[{entry id: best weight of the group's terms}] per group, in one query."""
        groups_of = defaultdict(list)
        for i, group in enumerate(groups):
            for term in group.terms:
                groups_of[term].append(i)
        found = [defaultdict(float) for _ in groups]
        if groups_of:
            rows = SearchTerm.objects.filter(term__in=list(groups_of)).values_list(
                "entry_id", "term", "weight"
            )
            for entry_id, term, weight in rows:
                for i in groups_of[term]:
                    found[i][entry_id] = max(found[i][entry_id], weight)
        return found

    def _literal_hits(self, words):
        """{word: entry ids whose folded text holds it}, in one scan of the table."""
        words = [w for w in dict.fromkeys(words) if w]
        if not words:
            return {}
        names = {f"hit_{i}": word for i, word in enumerate(words)}
        entries = SearchEntry.objects.annotate(
            **{name: StrIndex("folded", Value(word)) for name, word in names.items()}
        ).filter(reduce(operator.or_, (Q(**{f"{name}__gt": 0}) for name in names)))
        hits = {word: set() for word in words}
        for row in entries.values("id", *names):
            for name, word in names.items():
                if row[name]:
                    hits[word].add(row["id"])
        return hits

    def _matches(self, parsed):
        """([{entry id: score}] per group, excluded entry ids), or None for no text."""
        if not parsed.groups:
            return None
        asked = plan(parsed)
        scores = self._term_scores(asked.groups)
        hits = self._literal_hits(asked.written() + list(asked.excluded))
        for i, group in enumerate(asked.groups):
            for word in group.written:
                for entry_id in hits.get(word, ()):
                    scores[i][entry_id] = max(scores[i][entry_id], group.written_weight)
        excluded = set().union(*(hits.get(w, set()) for w in asked.excluded))
        excluded |= set().union(*(self._term_scores_of(w) for w in asked.excluded))
        return scores, excluded

    def _term_scores_of(self, word):
        return set(SearchTerm.objects.filter(term=word).values_list("entry_id", flat=True))

    def search(self, query):
        parsed = chinese.parse(query.text)
        rows = _facet_rows()
        matched = self._matches(parsed)
        ranking = {}  # entry id: (groups matched, score)
        if matched is not None:
            scores, excluded = matched
            total = len(rows) or 1
            for group_scores in scores:
                # Rare words weigh more: a case holding 老娘舅 says more than one with 社区.
                rarity = math.log(1 + total / (1 + len(group_scores)))
                for entry_id, score in group_scores.items():
                    count, sum_ = ranking.get(entry_id, (0, 0.0))
                    ranking[entry_id] = (count + 1, sum_ + rarity * score)
            for entry_id in excluded:
                ranking.pop(entry_id, None)
            rows = [row for row in rows if row["id"] in ranking]
        facets = self._facets(rows, query.filters)
        for name, value in query.filters.items():
            column = FACET_COLUMNS[name]
            rows = [r for r in rows if str(r[column]) == value]
        partial_from = None
        if matched is not None:
            everything = len(parsed.groups)
            full = [r for r in rows if ranking[r["id"]][0] == everything]
            if len(full) >= query.per_page or len(full) == len(rows):
                rows = full
            else:  # fewer than a page hold every word: the closest matches follow
                partial_from = len(full)
                rest = [r for r in rows if ranking[r["id"]][0] < everything]
                rows = self._ordered(full, query, ranking) + self._ordered(rest, query, ranking)
        if partial_from is None:
            rows = self._ordered(rows, query, ranking)
        total = len(rows)
        pages = max(1, math.ceil(total / query.per_page))
        page = min(query.page, pages)
        ids = [r["id"] for r in rows[(page - 1) * query.per_page : page * query.per_page]]
        # An entry replaced since the rows were read (a concurrent rebuild) is skipped.
        by_id = SearchEntry.objects.in_bulk(ids)
        ids = [i for i in ids if i in by_id]
        terms = [t for group in parsed.groups for t in group.variants]
        hits = tuple(
            Hit(
                id=by_id[i].case_id,
                url=by_id[i].url,
                title=by_id[i].title,
                organization=by_id[i].organization,
                section=by_id[i].section,
                year=by_id[i].year,
                snippet=mark_safe(chinese.highlight(by_id[i].text, terms)),  # noqa: S308 - escaped by highlight
                score=float(ranking[i][1]) if i in ranking else 0.0,
            )
            for i in ids
        )
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            page=page,
            pages=pages,
            partial_from=partial_from,
        )

    @staticmethod
    def _ordered(rows, query, ranking):
        if query.sort == "date" or not ranking:
            return sorted(
                rows,
                key=lambda r: (r["published_at"] is not None, r["published_at"], r["id"]),
                reverse=True,
            )
        return sorted(rows, key=lambda r: (-ranking[r["id"]][0], -ranking[r["id"]][1], r["id"]))

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
