"""The embedded backend: an inverted index in the portal's own database.

Chinese text is segmented by search.text at index and query time, so it works the
same on SQLite and PostgreSQL. A query is a list of groups (a word and the words that
mean the same); a case matches a group through any of its words (the best one counts,
not their sum), as an index term, or written in its folded text however the segmenter
cut it (at a low weight). Cases that match every group come first; when they are
fewer than a page, the cases that match some groups follow, ranked by how many and how
rare the words they hold (the page says so). Title, tags and organisation weigh most.
"""

import heapq
import math
import uuid
from array import array
from collections import defaultdict
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils.safestring import mark_safe

from cases.fields.facets import count_facets
from published.memo import VersionedMemo
from search import grams, vocabulary
from search import text as chinese
from search.backends import ranking
from search.backends.postings import batches, best_weights, gram_postings, term_postings
from search.models import IndexVersion, SearchEntry, SearchGram, SearchTerm
from search.plan import folded_text, parse_query, plan, term_weights
from search.query import Hit, SearchBackend, SearchResults

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FACET_COLUMNS = {
    "section": "section_slug",
    "year": "year",
    "street": "street",
    "kind": "kind",
    "participant": "participant",
}


class _Snapshot:
    """What a search needs of every entry, kept in process memory between queries (about
    3 MB at 10,000 cases): for each facet value the set of entries holding it, and each
    entry's publication date. Counting a facet is then a set intersection per value, in C;
    a Python loop testing each row took 43 % of a search page at 10,000 cases."""

    def __init__(self, rows):
        self.ids = frozenset(row["id"] for row in rows)
        self.published = {row["id"]: row["published_at"] for row in rows}
        # A 篇's name by its slug, from the indexed cases themselves.
        self.section_labels = {row["section_slug"]: row["section"] for row in rows}
        self.titles = {row["id"]: row["title"].lower() for row in rows}  # 0.6 MB at 10,000
        self.holding = {name: defaultdict(set) for name in FACET_COLUMNS}
        for row in rows:
            for name, column in FACET_COLUMNS.items():
                if row[column] not in (None, ""):
                    self.holding[name][str(row[column])].add(row["id"])

    def having(self, name, value):
        return self.holding[name].get(value, set())


# The index's version, a row written in the same transaction as every change to it, tells
# each process when its snapshot is stale: one indexed read per search, right with any
# number of processes, with or without a shared cache.
_snapshots = VersionedMemo(1)


def _changed():
    # A fresh random version, never a counter: a rebuilt database must not bring back a
    # version some process already holds rows for. Call inside the writing transaction.
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


def _snapshot():
    """(the index's version, its snapshot)."""
    version = IndexVersion.objects.filter(pk=1).values_list("version", flat=True).first()

    def produce():
        rows = SearchEntry.objects.values(
            "id", *FACET_COLUMNS.values(), "section", "published_at", "title"
        )
        return _Snapshot(list(rows))

    return version, _snapshots.remember(version, "snapshot", produce)


# The entries a query's words match, with their ranking, kept per index version for the
# last few queries of this process: a reader who narrows by a facet, sorts or turns the
# page asks the same words again, and matching them was half the search at 10,000 cases
# (a common word: 9,000 entries). A new index version (any change) starts afresh.
# Only queries matching up to MATCHED_LIMIT entries are kept: ~2 MB each at most.
MATCHED_KEPT = 6
MATCHED_LIMIT = 12_000
_matched = VersionedMemo(MATCHED_KEPT)


def _tidy_after_rebuild():
    """On PostgreSQL, VACUUM ANALYZE the freshly written tables: until autovacuum comes
    by, the term index cannot be read alone (index-only scan) and a common word's 14,000
    rows were read from the table: 42 ms instead of 7 at 10,000 cases. Not possible
    inside a transaction (a rebuild inside a larger one, the tests): autovacuum's then."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (SearchEntry, SearchTerm, SearchGram):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _first(ids, key, count):
    """The first `count` of ids in key order: a page needs its few, not all sorted."""
    if count * 8 < len(ids):
        return heapq.nsmallest(count, ids, key=key)
    return sorted(ids, key=key)[:count]


def _entry(doc):
    return SearchEntry(
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


def _insert_terms(rows):
    """(entry id, term, weight) rows. Not bulk_create: building a model instance and its
    SQL for each of a case's ~600 terms took 44 of the 54 s a 1,000-case rebuild took."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(SearchTerm._meta.db_table)
    columns = ", ".join(quote(c) for c in ("entry_id", "term", "weight"))
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)"  # noqa: S608 - names quoted
        cursor.executemany(sql, rows)


def _update_grams(added, removed):
    """Add and remove entry ids in the grams' posting lists ({gram: {entry ids}}). Index
    writers run one at a time: each first locks the version row (_changed)."""
    names = sorted(set(added) | set(removed))
    stored = {}
    for batch in batches(names):
        rows = SearchGram.objects.filter(gram__in=batch).values_list("gram", "id", "entries")
        stored.update((gram, (pk, blob)) for gram, pk, blob in rows)
    updates, created, emptied = [], [], []
    for gram in names:
        pk, blob = stored.get(gram, (None, b""))
        ids = set(grams.decode(blob)) - removed.get(gram, set()) | added.get(gram, set())
        if pk is None:
            created.append(SearchGram(gram=gram, entries=grams.encode(ids)))
        elif ids:
            updates.append((grams.encode(ids), pk))
        else:
            emptied.append(pk)
    SearchGram.objects.bulk_create(created, batch_size=500)
    for batch in batches(emptied):
        SearchGram.objects.filter(pk__in=batch).delete()
    if updates:
        quote = connection.ops.quote_name
        table = quote(SearchGram._meta.db_table)
        with connection.cursor() as cursor:
            sql = f"UPDATE {table} SET {quote('entries')} = %s WHERE {quote('id')} = %s"  # noqa: S608
            cursor.executemany(sql, updates)


def _synonyms(group):
    """A group of words standing for the word typed, which is its first term and the word
    it looks for as written (not one word, nor a phrase or a character found as written)."""
    return not group.exact and len(group.terms) > 1 and group.written[:1] == group.terms[:1]


def _postings_of(entry_id, folded):
    return {gram: {entry_id} for gram in grams.text_grams(folded)}


class DatabaseBackend(SearchBackend):
    def index(self, doc, *, replace=True):
        with transaction.atomic():
            _changed()
            removed = {}
            if replace:
                old = SearchEntry.objects.filter(case_id=doc.id).values_list("id", "folded")
                for old_id, old_folded in old:
                    removed = _postings_of(old_id, old_folded)
                SearchEntry.objects.filter(case_id=doc.id).delete()
            entry = _entry(doc)
            entry.save()
            _insert_terms([(entry.id, t, w) for t, w in term_weights(doc).items()])
            _update_grams(_postings_of(entry.id, entry.folded), removed)

    def suggestions(self, text):
        # The index's words with their sounds and initials (search/vocabulary.py), kept
        # beside the index by search/indexing.py whatever the backend.
        return vocabulary.correct_query(text)

    def remove(self, case_id):
        with transaction.atomic():
            _changed()
            for old_id, old_folded in SearchEntry.objects.filter(case_id=case_id).values_list(
                "id", "folded"
            ):
                _update_grams({}, _postings_of(old_id, old_folded))
            SearchEntry.objects.filter(case_id=case_id).delete()

    def rebuild(self, docs):
        count = 0
        postings = defaultdict(lambda: array("I"))
        terms = []
        with transaction.atomic():
            _changed()
            SearchTerm.objects.all().delete()
            SearchGram.objects.all().delete()
            SearchEntry.objects.all().delete()
            for doc in docs:
                entry = _entry(doc)
                entry.save()
                terms += [(entry.id, t, w) for t, w in term_weights(doc).items()]
                for gram in grams.text_grams(entry.folded):
                    postings[gram].append(entry.id)
                if len(terms) > 50_000:
                    _insert_terms(terms)
                    terms = []
                count += 1
            _insert_terms(terms)
            SearchGram.objects.bulk_create(
                (SearchGram(gram=g, entries=grams.encode(ids)) for g, ids in postings.items()),
                batch_size=500,
            )
        _tidy_after_rebuild()
        return count

    # --- querying --------------------------------------------------------------------

    def _term_scores(self, groups):
        """[{entry id: best weight of the group's terms}] per group, from the terms'
        postings (search/backends/postings.py)."""
        wanted = list(dict.fromkeys(t for group in groups for t in group.terms))
        postings = term_postings(_snapshots.version, wanted)
        return [best_weights(postings[t] for t in dict.fromkeys(group.terms)) for group in groups]

    def _literal_hits(self, words):
        """{word: entry ids holding every gram of it} (search/grams.py), in one query."""
        words = [w for w in dict.fromkeys(words) if w]
        needed = {word: grams.word_grams(word) for word in words}
        wanted = set().union(*needed.values())
        found = gram_postings(_snapshots.version, sorted(wanted))
        postings = {g: ids for g, ids in found.items() if ids}
        hits = {}
        for word, its_grams in needed.items():
            if not its_grams or not its_grams <= postings.keys():
                hits[word] = set()
                continue
            rarest, *others = sorted(its_grams, key=lambda g: len(postings[g]))
            found = set(postings[rarest])
            for gram in others:
                found.intersection_update(postings[gram])
            hits[word] = found
        return hits

    def _written_exactly(self, word, ids):
        """The entries among `ids` whose folded text holds `word` itself: for a quoted
        phrase or an excluded word, where holding its pairs apart is not enough. An entry
        with the word as an index term holds it (terms are cut from the same text); only
        the others are read."""
        if grams.exact(word):
            return set(ids)
        found = self._term_scores_of(word) & set(ids)
        for batch in batches(set(ids) - found, 5000):
            entries = SearchEntry.objects.filter(id__in=batch, folded__contains=word)
            found.update(entries.values_list("id", flat=True))
        return found

    def _matches(self, parsed):
        """([{entry id: score}] per group, excluded entry ids, [how many entries hold each
        group's word as typed]), or None for no text."""
        if not parsed.groups:
            return None
        asked = plan(parsed)
        scores = self._term_scores(asked.groups)
        hits = self._literal_hits(asked.written() + list(asked.excluded))
        for i, group in enumerate(asked.groups):
            for word in group.written:
                found = hits.get(word, ())
                if group.exact:
                    found = self._written_exactly(word, found)
                # A term scores at least its field's weight (1 or more), never less than
                # a written match: only the entries holding no term take the written
                # weight (set arithmetic in C, not 9,000 max() calls for a common word).
                unscored = set(found) - scores[i].keys()
                scores[i].update(dict.fromkeys(unscored, group.written_weight))
        excluded = set().union(
            *(self._written_exactly(w, hits.get(w, set())) for w in asked.excluded)
        )
        excluded |= set().union(*(self._term_scores_of(w) for w in asked.excluded))
        # A group of synonyms: the entries holding the word typed are those whose text
        # holds it as written (an index term is cut from the same text), without its
        # synonyms; any other group holds only its word.
        typed = [
            len(hits.get(group.written[0], ())) if _synonyms(group) else len(found)
            for group, found in zip(asked.groups, scores, strict=True)
        ]
        return scores, excluded, typed

    def _term_scores_of(self, word):
        """The entries holding `word` as an index term."""
        return set(SearchTerm.objects.filter(term=word[:40]).values_list("entry_id", flat=True))

    def search(self, query):
        parsed = parse_query(query)
        version, snapshot = _snapshot()
        ranked = None  # ranking.Ranked: tier 1, the query's point is covered
        candidates = snapshot.ids
        matched = bool(parsed.groups)
        if matched:
            ranked, candidates = _matched.remember(
                version,
                (parsed, query.prefer),
                lambda: self._ranked(parsed, snapshot, query.prefer),
                keep=lambda found: len(found[0]) <= MATCHED_LIMIT,
            )
        if ranked is None:
            facets = self._facets(snapshot, candidates, query.filters)
        else:  # a reader narrowing or turning the page asks the same counts again
            asked = tuple(sorted(query.filters.items()))
            facets = ranked.facets.get(asked)
            if facets is None:
                facets = ranked.facets[asked] = self._facets(snapshot, candidates, query.filters)
        selected = candidates
        for name, value in query.filters.items():
            selected = selected & snapshot.having(name, value)
        published = snapshot.published
        # Newest first; undated last; the id breaks ties (newest first too).
        by_date = lambda i: (published[i] is None, -(published[i] or _EPOCH).timestamp(), -i)  # noqa: E731
        if query.sort == "date" or not matched:
            first = lambda part, count: _first(part, by_date, count)  # noqa: E731
        else:  # each part is of one tier: by score, then id
            first = ranked.first
        parts, partial_from = [selected], None
        if matched:
            full = selected & ranked.full
            if len(full) >= query.per_page or len(full) == len(selected):
                parts = [full]
            else:  # fewer than a page cover the query: the closest matches follow
                partial_from = len(full)
                parts = [full, selected - ranked.full]
        total = sum(len(part) for part in parts)
        pages = max(1, math.ceil(total / query.per_page))
        page = min(query.page, pages)
        start, stop = (page - 1) * query.per_page, page * query.per_page
        ids = []
        for part in parts:  # the page's slice of the parts, each in key order
            ids += first(part, stop)[start:]
            start, stop = max(0, start - len(part)), stop - len(part)
            if stop <= 0:
                break
        # An entry replaced since the snapshot was read (a concurrent rebuild) is skipped.
        by_id = SearchEntry.objects.defer("folded").in_bulk(ids)
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
                score=float(ranked.scores[i]) if ranked and i in ranked.scores else 0.0,
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

    def _ranked(self, parsed, snapshot, prefer=()):
        """(Ranked, matching entry ids): search/backends/ranking.py says how."""
        scores, excluded, typed = self._matches(parsed)
        return ranking.rank(plan(parsed), scores, excluded, snapshot, prefer, typed)

    def _facets(self, snapshot, candidates, filters):
        """Counts per facet value, each facet counted with the other facets' filters on."""
        return count_facets(snapshot.holding, candidates, filters, snapshot.section_labels)
