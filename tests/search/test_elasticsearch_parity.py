"""Elasticsearch finds what the embedded backend finds: the same terms asked for every
relevance query, the same text indexed; on a real server (ELASTICSEARCH_URL) the same
targets."""

import os
import uuid

import pytest
from elasticsearch import Elasticsearch

from search.backends import elasticsearch as es_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import published_documents
from search.query import SearchQuery
from search.text import parse
from tests.search.es_fakes import (
    RecordingClient,
    case_doc,
    terms_of,
    written_of,
)

# Against a real server (ELASTICSEARCH_URL set)

REFERENCE_CASE = case_doc(
    1,
    title="依托社会组织  化解物业难题",
    organization="虹口新家园建设与合作事务所",
    section="矛盾调处与帮困帮教篇",
    section_slug="mediation",
    street="凉城新村街道",
    summary="“新家园”巧解物业纠纷，当好“小区老娘舅”，指导业委会组建和换届改选。",
    body="老式小区设施陈旧，居民怪物业公司不作为怎么办？业主对业委会不了解、不信任。\n"
    "“新家园”完成了88个小区的业主大会组建换届工作，检查验收售后公房物业达标补贴。",
)
OTHER_CASES = [
    case_doc(2, title="为老助餐进社区", summary="社区食堂为独居老人送餐。", body="助餐点。"),
    case_doc(3, title="青少年暑期课堂", summary="志愿者陪伴孩子度过暑假。", body="课堂。",
             street="静安寺街道", section="慈善公益篇", section_slug="charity"),
]  # fmt: skip


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL")
def test_rebuild_then_search_on_a_real_server():
    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"])
    alias = f"test-cases-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(client=client, alias=alias)
    try:
        assert backend.rebuild([REFERENCE_CASE, *OTHER_CASES]) == 3
        for text in ("物业", "业委会", "老娘舅"):
            results = backend.search(SearchQuery(text=text))
            assert [hit.id for hit in results.hits][:1] == [1], text
            assert "<mark>" in results.hits[0].snippet
        facets = {f.name: f for f in backend.search(SearchQuery()).facets}
        sections = {(o.value, o.label, o.count) for o in facets["section"].options}
        assert ("mediation", "矛盾调处与帮困帮教篇", 1) in sections
        filtered = backend.search(SearchQuery(filters={"section": "charity"}))
        assert [hit.id for hit in filtered.hits] == [3]

        backend.remove(1)
        client.indices.refresh(index=alias)
        assert backend.search(SearchQuery(text="物业")).total == 0
        backend.index(REFERENCE_CASE)
        client.indices.refresh(index=alias)
        assert backend.search(SearchQuery(text="物业")).total == 1

        first = set(client.indices.get_alias(index=f"{alias}-*").body)
        backend.rebuild([REFERENCE_CASE])
        second = set(client.indices.get_alias(index=f"{alias}-*").body)
        assert len(second) == 1
        assert not first & second
    finally:
        # By name: servers refuse wildcard deletes (action.destructive_requires_name).
        if names := list(client.indices.get_alias(index=f"{alias}-*").body):
            client.indices.delete(index=",".join(names))


# Parity with the embedded backend: the same terms, indexed and asked


@pytest.mark.django_db
def test_every_relevance_query_asks_both_backends_for_the_same_terms(demo, monkeypatch):
    from search.backends import database
    from search.backends.database import DatabaseBackend
    from search.models import SearchEntry, SearchTerm
    from tests.search.relevance import queries

    read = {"terms": set(), "written": set()}
    term_scores, literal_hits = DatabaseBackend._term_scores, DatabaseBackend._literal_hits

    def spy_terms(self, groups):
        read["terms"] |= {t for g in groups for t in g.terms}
        return term_scores(self, groups)

    def spy_written(self, words):
        read["written"] |= set(words)
        return literal_hits(self, words)

    monkeypatch.setattr(database._matched, "size", 0)  # every query read afresh, spied on
    monkeypatch.setattr(DatabaseBackend, "_term_scores", spy_terms)
    monkeypatch.setattr(DatabaseBackend, "_literal_hits", spy_written)
    embedded, es = DatabaseBackend(), ElasticsearchBackend(client=RecordingClient())
    for labelled in queries():
        query = SearchQuery.from_querydict({"q": labelled.query})
        read["terms"], read["written"] = set(), set()
        embedded.search(query)
        for partial in (False, True):
            asked = es.search_body(query, partial).get("query", {})
            excluded = set(parse(query.text).excluded)
            assert set(terms_of(asked)) == read["terms"] | excluded, labelled.query
            assert set(written_of(asked)) == read["written"], labelled.query

    # Indexed alike: each case's terms, field by field, are the embedded index's terms.
    documents = {doc.id: doc for doc in published_documents()}
    for entry in SearchEntry.objects.all():
        sent = es_backend.document_source(documents[entry.case_id])
        sent_terms = {t for words in sent["terms"].values() for t in words.split()}
        stored = set(SearchTerm.objects.filter(entry=entry).values_list("term", flat=True))
        assert sent_terms == stored, entry.title
        assert sent["folded"] == entry.folded


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL")
def test_relevance_on_a_real_server_meets_the_embedded_targets(demo, monkeypatch):
    from cases.models import CasePage
    from search.answer import answer
    from tests.search.relevance import score

    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"])
    alias = f"test-cases-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(client=client, alias=alias)
    monkeypatch.setattr("search.answer.get_backend", lambda: backend)
    by_id = dict(CasePage.objects.values_list("pk", "slug"))
    try:
        backend.rebuild(published_documents())

        def search(text):
            results = answer(SearchQuery.from_querydict({"q": text})).results
            return [by_id[hit.id] for hit in results.hits]

        recall, first, empty, failures = score(search)
        print(f"elasticsearch recall@10={recall:.3f} first={first:.3f} empty={len(empty)}")
        assert recall >= 0.95, failures
        assert first >= 0.85, failures
        assert empty == [], empty
    finally:
        if names := list(client.indices.get_alias(index=f"{alias}-*").body):
            client.indices.delete(index=",".join(names))
