"""The fast ranking (postings memo, per-entry arithmetic in C, sort keys made once)
ranks exactly as the old one: the same cases in the same order with the same scores,
totals, partial matches and facet counts, for every query of the development set, on
the demo cases and on the generated corpus of 539 cases, on page 1 and 2, with a filter,
by date, asked twice (the second from the memo)."""

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from search import indexing
from search.backends import database, postings
from search.backends.database import DatabaseBackend
from search.models import SearchEntry
from search.query import SearchQuery
from tests.search.old_ranking import OldRanking

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
    # And the shapes the ranking has branches for: one word, one character, a quoted
    # phrase, an excluded word, a soft year alone and with words, a long question.
    shapes = ["物业", "车", '"独居老人"', "物业 -纠纷", "2017", "2018 志愿者 老人",
              "老房子装电梯一楼住户不同意该怎么办才好呢", "物业 无人机"]  # fmt: skip
    return [*texts, *shapes]


def _variants(text):
    yield SearchQuery(text=text)
    yield SearchQuery(text=text, page=2)
    yield SearchQuery(text=text, filters={"year": "2017"})
    yield SearchQuery(text=text, sort="date")


@pytest.mark.parametrize("corpus", ["demo", "generated"])
def test_the_fast_ranking_orders_every_development_query_as_the_old_one(db, corpus):
    bench = _relevance_bench()
    indexing.rebuild(list(bench.documents(_cases(corpus))))
    assert SearchEntry.objects.count() > (500 if corpus == "generated" else 15)
    new, old = DatabaseBackend(), OldRanking()
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
    new, old = DatabaseBackend(), OldRanking()
    for text in _dev_queries():
        query = SearchQuery(text=text)
        ids = old.search(query)[0]
        entries = dict(SearchEntry.objects.values_list("case_id", "id"))
        assert [entries[h.id] for h in new.search(query).hits] == ids, text
        database._matched.forget()
    memo = postings._kept
    assert memo["size"] <= 400 or len(memo["kept"]) == 1
    assert memo["size"] == sum(count for _, count in memo["kept"].values())
