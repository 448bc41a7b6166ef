"""The fast ranking (postings memo, per-entry arithmetic in C, sort keys made once)
ranks exactly as the same ranking written plainly (ReferenceRanking, below): the same
cases in the same order with the same scores, totals, partial matches and facet counts,
for every query of both development sets, on the demo cases and on the generated corpus
of 539 cases, on page 1 and 2, with a filter, with a 篇 preferred, by date, asked twice
(the second from the memo)."""

import gzip
import importlib.util
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection

from search import indexing
from search.backends import database, postings
from search.backends.database import _EPOCH, DatabaseBackend, _first, _snapshot
from search.backends.ranking import (
    COVERED,
    LEAST_COMMON,
    LEAST_TOPICAL,
    NAMED_FIRST,
    NAMED_LIFT,
    PREFERRED,
    TOPICAL,
    UBIQUITOUS,
)
from search.models import SearchEntry, SearchTerm
from search.plan import parse_query, plan
from search.query import SearchQuery

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "search" / "data"


def _relevance_bench():
    spec = importlib.util.spec_from_file_location("relevance_bench", ROOT / "bench/relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cases(corpus):
    if corpus == "demo":
        from home.demo.data import case_data

        return case_data()
    with gzip.open(DATA / "large_corpus" / "cases.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def _dev_queries():
    texts = [q["query"] for q in json.loads((DATA / "dev_queries.json").read_text("utf-8"))]
    large = json.loads((DATA / "large_corpus" / "dev_queries.json").read_text("utf-8"))
    texts += [q["q"] for q in large[::8]]  # every eighth: each class, a title, a question
    # And the shapes the ranking has branches for: one word, one character, a quoted
    # phrase, an excluded word, a soft year alone and with words, a long question, a
    # question whose synonyms reach more cases than its word as typed.
    shapes = ["物业", "车", '"独居老人"', "物业 -纠纷", "2017", "2018 志愿者 老人",
              "老房子装电梯一楼住户不同意该怎么办才好呢", "物业 无人机",
              "老人一个人住在家里出了事怎么办"]  # fmt: skip
    return [*texts, *shapes]


def _variants(text):
    yield SearchQuery(text=text)
    yield SearchQuery(text=text, page=2)
    yield SearchQuery(text=text, filters={"year": "2017"})
    yield SearchQuery(text=text, sort="date")
    yield SearchQuery(text=text, prefer=(("section", "charity"), ("year", "2017")))


class ReferenceRanking(DatabaseBackend):
    """The ranking written plainly (a Python loop per entry, each group's terms grouped
    by SQL, nothing kept): search() returns (ids of the page in order, {id: score},
    total, partial_from, facets)."""

    def _term_scores(self, groups):
        table = connection.ops.quote_name(SearchTerm._meta.db_table)
        found = []
        with connection.cursor() as cursor:
            for group in groups:
                terms = list(dict.fromkeys(group.terms))
                if not terms:
                    found.append({})
                    continue
                marks = ", ".join(["%s"] * len(terms))
                cursor.execute(
                    f"SELECT entry_id, MAX(weight) FROM {table} "  # noqa: S608 - our names
                    f"WHERE term IN ({marks}) GROUP BY entry_id",
                    terms,
                )
                found.append(dict(cursor.fetchall()))
        return found

    def _ranked(self, parsed, snapshot, prefer=()):
        asked = plan(parsed)
        scores, excluded, typed = self._matches(parsed)
        total = len(snapshot.ids) or 1
        rarity = [math.log(1 + total / (1 + len(found))) for found in scores]
        covering = list(rarity)
        if len(scores) > 1:  # a word nearly every case holds weighs less beside others
            for i, found in enumerate(scores):
                kept = (1.0 - len(found) / total) / (1.0 - UBIQUITOUS)
                rarity[i] = rarity[i] * min(1.0, max(LEAST_COMMON, kept))
        required = [i for i, g in enumerate(asked.groups) if not g.soft]
        everything = not required
        required = required or list(range(len(asked.groups)))
        share = 1.0 if len(required) < 3 else COVERED
        if share < 1.0:  # a question: a word in no case's title or tags weighs less
            for i, found in enumerate(scores):
                best = max(found.values(), default=0.0)
                topical = min(1.0, max(LEAST_TOPICAL, best / TOPICAL))
                rarity[i] = rarity[i] * topical
                # and covers it by the rarity of the word as typed, not of its synonyms
                covering[i] = math.log(1 + total / (1 + typed[i])) * topical
        needed = sum(covering[i] for i in required if scores[i] or share == 1.0) or 1.0

        def preferred(entry_id, value):
            for name, facet_value in prefer:
                if name not in NAMED_FIRST and entry_id in snapshot.having(name, facet_value):
                    value = value * (1.0 + (PREFERRED - 1.0))
            return value

        def titled(entry_id):
            title = snapshot.titles.get(entry_id, "")
            count = sum(phrase in title for phrase in asked.titled)
            for name, facet_value in prefer:
                if name in NAMED_FIRST and entry_id in snapshot.having(name, facet_value):
                    count += NAMED_LIFT
            return count

        if len(scores) == 1 and not everything:
            result = {}
            for i, s in scores[0].items():
                weighted = preferred(i, rarity[0] * s)
                result[i] = (1, titled(i) + weighted / (1.0 + weighted))
            return result, frozenset((result.keys() & snapshot.ids) - excluded)
        covered, ranking = defaultdict(float), defaultdict(float)
        for i, group_scores in enumerate(scores):
            for entry_id, score in group_scores.items():
                ranking[entry_id] += rarity[i] * score
        for i in required:
            for entry_id in scores[i]:
                covered[entry_id] += covering[i]
        softly = Counter()
        for i, group in enumerate(asked.groups):
            if group.soft and not group.whole:
                softly.update(scores[i].keys())
        ids = snapshot.ids if everything else covered.keys()
        result = {}
        for entry_id in ids:
            rank = preferred(entry_id, ranking[entry_id])
            result[entry_id] = (
                int(everything or covered[entry_id] >= share * needed - 1e-9),
                titled(entry_id) + softly[entry_id] + rank / (1.0 + rank),
            )
        return result, frozenset((result.keys() & snapshot.ids) - excluded)

    def search(self, query):
        parsed = parse_query(query)
        _, snapshot = _snapshot()
        ranking, candidates = {}, snapshot.ids
        matched = bool(parsed.groups)
        if matched:
            ranking, candidates = self._ranked(parsed, snapshot, query.prefer)
        facets = self._facets(snapshot, candidates, query.filters)
        selected = candidates
        for name, value in query.filters.items():
            selected = selected & snapshot.having(name, value)
        published = snapshot.published
        by_date = lambda i: (published[i] is None, -(published[i] or _EPOCH).timestamp(), -i)  # noqa: E731
        if query.sort == "date" or not matched:
            key = by_date
        else:
            key = lambda i: (-ranking[i][0], -ranking[i][1], i)  # noqa: E731
        parts, partial_from = [selected], None
        if matched:
            full = [i for i in selected if ranking.get(i, (0,))[0] == 1]
            if len(full) >= query.per_page or len(full) == len(selected):
                parts = [full]
            else:
                partial_from = len(full)
                parts = [full, [i for i in selected if ranking.get(i, (0,))[0] == 0]]
        total = sum(len(part) for part in parts)
        pages = max(1, math.ceil(total / query.per_page))
        page = min(query.page, pages)
        start, stop = (page - 1) * query.per_page, page * query.per_page
        ids = []
        for part in parts:
            ids += _first(part, key, stop)[start:]
            start, stop = max(0, start - len(part)), stop - len(part)
            if stop <= 0:
                break
        scores = {i: float(ranking[i][1]) if i in ranking else 0.0 for i in ids}
        return ids, scores, total, partial_from, facets


@pytest.mark.parametrize("corpus", ["demo", "generated"])
def test_the_fast_ranking_orders_every_development_query_as_the_plain_one(db, corpus):
    bench = _relevance_bench()
    indexing.rebuild(list(bench.documents(_cases(corpus))))
    assert SearchEntry.objects.count() > (500 if corpus == "generated" else 15)
    new, old = DatabaseBackend(), ReferenceRanking()
    compared = 0
    for text in _dev_queries():
        for query in _variants(text):
            ids, scores, total, partial_from, facets = old.search(query)
            for _ in range(2):  # computed, then from the memo
                got = new.search(query)
                entries = dict(SearchEntry.objects.values_list("case_id", "id"))
                assert [entries[h.id] for h in got.hits] == ids, (text, query)
                assert [h.score for h in got.hits] == [scores[i] for i in ids], text
                assert (got.total, got.partial_from, got.facets) == (total, partial_from, facets)
            compared += bool(ids)
        database._matched.forget()
    assert compared > 50  # the comparison is about pages that list cases


def test_a_memo_too_small_for_every_posting_forgets_the_oldest_and_ranks_the_same(db, monkeypatch):
    monkeypatch.setattr(postings, "POSTINGS_BYTES", 400)  # a few words' postings at most
    bench = _relevance_bench()
    indexing.rebuild(list(bench.documents(_cases("demo"))))
    new, old = DatabaseBackend(), ReferenceRanking()
    for text in _dev_queries():
        query = SearchQuery(text=text)
        ids = old.search(query)[0]
        entries = dict(SearchEntry.objects.values_list("case_id", "id"))
        assert [entries[h.id] for h in new.search(query).hits] == ids, text
        database._matched.forget()
    memo = postings._kept
    assert memo["size"] <= 400 or len(memo["kept"]) == 1
    assert memo["size"] == sum(count for _, count in memo["kept"].values())
