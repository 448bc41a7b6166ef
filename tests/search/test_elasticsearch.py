"""The Elasticsearch backend without a server: mapping and requests as dicts, sync logic
against a recording client."""

import socket
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils.safestring import SafeString
from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError

from search.backends import elasticsearch as es_backend
from search.backends.elasticsearch import ElasticsearchBackend, case_mapping
from search.plan import FIELD_WEIGHTS, SATURATION
from search.query import FACETS, CaseDoc, SearchQuery, SearchUnavailable
from search.text import normalize, parse
from tests.search.es_fakes import (
    PUBLIC_FIELDS,
    TEXT_FIELDS,
    RecordingClient,
    UnreachableClient,
    case_doc,
    not_found,
    terms_of,
    written_of,
)

# The mapping


@pytest.mark.parametrize(
    ("setting", "analyzer", "search_analyzer"),
    [("smartcn", "smartcn", None), ("ik", "ik_max_word", "ik_smart"), ("cjk", "cjk", None)],
)
def test_mapping_uses_the_configured_chinese_analyzer(settings, setting, analyzer, search_analyzer):
    settings.SEARCH_ES_ANALYZER = setting
    mapping = case_mapping()
    properties = mapping["properties"]

    assert mapping["dynamic"] == "strict"  # nothing but these fields can ever be stored
    assert set(properties) == PUBLIC_FIELDS | {"terms", "folded"}
    # The portal's own terms, only split on spaces; words as written, character by character.
    assert set(properties["terms"]["properties"]) == set(FIELD_WEIGHTS)
    for field in properties["terms"]["properties"].values():
        assert field == {"type": "text", "analyzer": "whitespace", "similarity": "terms"}
    assert properties["folded"] == {"type": "text", "analyzer": "standard"}
    for name in TEXT_FIELDS:
        assert properties[name]["type"] == "text"
        assert properties[name]["analyzer"] == analyzer
        assert properties[name].get("search_analyzer") == search_analyzer
    for name in ("tags", "section", "street"):
        assert properties[name]["fields"] == {"keyword": {"type": "keyword"}}
    for name in ("section_slug", "organization_kind", "participant_type"):
        assert properties[name] == {"type": "keyword"}
    assert properties["year"] == {"type": "integer"}
    assert properties["published_at"] == {"type": "date"}
    assert properties["url"] == {"type": "keyword", "index": False}


def test_analyzer_defaults_to_cjk_and_rejects_unknown_names(settings):
    if hasattr(settings, "SEARCH_ES_ANALYZER"):
        del settings.SEARCH_ES_ANALYZER
    assert case_mapping()["properties"]["body"]["analyzer"] == "cjk"
    assert case_mapping("ik")["properties"]["body"]["analyzer"] == "ik_max_word"
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ES_ANALYZER"):
        ElasticsearchBackend(client=RecordingClient(), analyzer="jieba")


# The request


def test_search_body_for_text_two_filters_date_sort_and_page_two():
    query = SearchQuery(
        text="物业 纠纷", filters={"section": "life", "year": "2016"}, sort="date", page=2
    )
    body = ElasticsearchBackend(client=RecordingClient()).search_body(query)

    # Both words required, each through the portal's terms or as written.
    groups = body["query"]["bool"]["must"]
    assert [sorted(terms_of(g)) for g in groups] == [
        sorted(g.variants) for g in parse("物业 纠纷").groups
    ]
    assert [written_of(group) for group in groups] == [{"物业": 0.5}, {"纠纷": 0.5}]
    fields = groups[0]["dis_max"]["queries"][0]["multi_match"]["fields"]
    assert fields[:4] == ["terms.title^5", "terms.tags^3", "terms.topic^3", "terms.organization^3"]
    assert "terms.body^1" in fields
    section_filter = {"terms": {"section_slug": ["life"]}}
    year_filter = {"terms": {"year": [2016]}}
    assert body["post_filter"] == {"bool": {"must": [section_filter, year_filter]}}
    assert set(body["aggs"]) == {f"_filter_{name}" for name in FACETS}
    # Each facet is counted with the other facets' filters, never its own.
    assert body["aggs"]["_filter_section"]["filter"] == year_filter
    assert body["aggs"]["_filter_year"]["filter"] == section_filter
    assert body["aggs"]["_filter_street"]["filter"] == {
        "bool": {"must": [section_filter, year_filter]}
    }
    fields = {name: agg["aggs"][name]["terms"]["field"] for name, agg in (
        (name, body["aggs"][f"_filter_{name}"]) for name in FACETS)}  # fmt: skip
    assert fields == {
        "section": "section_slug", "year": "year", "street": "street.keyword",
        "kind": "organization_kind", "participant": "participant_type",
    }  # fmt: skip
    section_agg = body["aggs"]["_filter_section"]["aggs"]["section"]
    assert section_agg["aggs"]["label"]["terms"]["field"] == "section.keyword"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["post_tags"] == ["</mark>"]
    assert body["highlight"]["encoder"] == "html"
    assert set(body["highlight"]["fields"]) == {"body", "summary", "title"}
    assert (body["from"], body["size"]) == (10, 10)
    assert body["sort"] == [{"published_at": {"order": "desc"}}]
    assert "body" not in body["_source"]  # the page shows a snippet, not the whole text


def test_search_body_without_text_matches_all_by_relevance():
    body = ElasticsearchBackend(client=RecordingClient()).search_body(SearchQuery())
    assert "query" not in body
    assert "post_filter" not in body
    assert "sort" not in body
    assert (body["from"], body["size"]) == (0, 10)
    assert body["aggs"]["_filter_kind"]["filter"] == {"match_all": {}}


def test_search_body_for_synonyms_exclusions_and_one_character():
    backend = ElasticsearchBackend(client=RecordingClient())
    query = backend.search_body(SearchQuery(text="业委会 -物业"))["query"]["bool"]
    (group,) = query["must"]
    assert set(terms_of(group)) == {"业委会", "业主委员会"}  # any of them; the best counts
    assert "dis_max" in group
    assert terms_of(query["must_not"][0]) == ["物业"]
    assert written_of(query["must_not"][0]) == {"物业": 1.0}

    partial = backend.search_body(SearchQuery(text="业委会 换届"), partial=True)["query"]
    assert partial["bool"]["minimum_should_match"] == 1
    boosts = [
        q["constant_score"]["boost"] for q in partial["bool"]["should"] if "constant_score" in q
    ]
    assert boosts == [1000, 1000]  # each word matched outranks any score of the words

    body = backend.search_body(SearchQuery(text='"楼上漏水"'))
    (group,) = body["query"]["bool"]["must"]
    assert terms_of(group) == [] and written_of(group) == {"楼上漏水": 1.0}
    assert body["highlight"]["highlight_query"]["bool"]["should"][0] == {
        "match_phrase": {"body": "楼上漏水"}
    }


def test_a_section_name_asked_alone_lifts_no_title_on_elasticsearch_either():
    # As on the embedded backend (tests/search/test_misleading.py): 社区自治 typed alone names
    # the 篇; typed beside a topic, a title holding it still comes first.
    backend = ElasticsearchBackend(client=RecordingClient())
    lifted = lambda query: "{'title': {'query': '社区自治'" in str(backend.search_body(query))  # noqa: E731
    assert lifted(SearchQuery(text="社区自治"))
    assert not lifted(SearchQuery(text="社区自治", titled=False))


def test_search_body_survives_bad_input():
    backend = ElasticsearchBackend(client=RecordingClient())
    body = backend.search_body(SearchQuery(filters={"year": "二〇一六", "nonsense": "x"}))
    assert body["post_filter"] == {"match_none": {}}  # an unknown year finds nothing
    body = backend.search_body(SearchQuery(text="物业", page=10**9))
    assert (body["from"], body["size"]) == (0, 0)  # past ES's window: counts only


# Reading the response

RESPONSE = {
    "hits": {"total": {"value": 23, "relation": "eq"}, "hits": [
        {"_id": "7", "_score": 3.5,
         "_source": {"url": "/cases/7/", "title": "依托社会组织  化解物业难题",
                     "organization": "新家园", "section": "矛盾调处篇", "year": 2016,
                     "summary": "摘要"},
         "highlight": {"title": ["化解<mark>物业</mark>难题"],
                       "body": ["巧解<mark>物业</mark>纠纷", "&lt;b&gt;<mark>物业</mark>"]}},
        {"_id": "8", "_score": 1.0,
         "_source": {"url": "/cases/8/", "title": "另一个", "organization": "某组织",
                     "section": "生活服务篇", "year": None, "summary": "<script>x</script>"}},
    ]},
    "aggregations": {
        "_filter_section": {"doc_count": 23, "section": {"buckets": [
            {"key": "mediation", "doc_count": 15,
             "label": {"buckets": [{"key": "矛盾调处与帮困帮教篇", "doc_count": 15}]}},
            {"key": "life", "doc_count": 8,
             "label": {"buckets": [{"key": "生活服务篇", "doc_count": 8}]}}]}},
        "_filter_year": {"doc_count": 23, "year": {"buckets": [
            {"key": 2016, "doc_count": 23}]}},
        "_filter_street": {"doc_count": 23, "street": {"buckets": [
            {"key": "凉城新村街道", "doc_count": 1}]}},
        "_filter_kind": {"doc_count": 23, "kind": {"buckets": []}},
        "_filter_participant": {"doc_count": 23, "participant": {"buckets": []}},
    },
}  # fmt: skip


def test_search_maps_hits_snippets_and_facets():
    client = RecordingClient(response=RESPONSE)
    query = SearchQuery(text="物业", filters={"year": "2016"})
    results = ElasticsearchBackend(client=client, alias="cases").search(query)

    (call,) = client.named("search")
    assert call["index"] == "cases"
    assert terms_of(call["body"]["query"]) == ["物业"]
    assert (results.total, results.page, results.pages) == (23, 1, 3)
    first, second = results.hits
    assert (first.id, first.url, first.title, first.organization, first.year, first.score) == (
        7, "/cases/7/", "依托社会组织  化解物业难题", "新家园", 2016, 3.5,
    )  # fmt: skip
    assert first.snippet == "巧解<mark>物业</mark>纠纷 … &lt;b&gt;<mark>物业</mark>"
    assert isinstance(first.snippet, SafeString)
    assert second.snippet == "&lt;script&gt;x&lt;/script&gt;"  # no highlight: escaped summary
    assert isinstance(second.snippet, SafeString)

    facets = {facet.name: facet for facet in results.facets}
    assert list(facets) == list(FACETS)
    assert facets["section"].label == "篇"
    assert [(o.value, o.label, o.count, o.selected) for o in facets["section"].options] == [
        ("mediation", "矛盾调处与帮困帮教篇", 15, False), ("life", "生活服务篇", 8, False),
    ]  # fmt: skip
    assert [(o.value, o.label, o.count, o.selected) for o in facets["year"].options] == [
        ("2016", "2016年", 23, True),
    ]
    assert facets["street"].options[0].label == "凉城新村街道"
    assert facets["kind"].options == ()


def test_a_page_past_the_end_shows_the_last_page():
    class PagedClient(RecordingClient):
        def search(self, **kwargs):
            super().search(**kwargs)
            start = kwargs["body"]["from"]
            hits = RESPONSE["hits"]["hits"] if start < 23 else []
            return {"hits": {"total": {"value": 23}, "hits": hits}}

    client = PagedClient()
    results = ElasticsearchBackend(client=client).search(SearchQuery(text="物业", page=9))
    assert [call["body"]["from"] for call in client.named("search")] == [80, 20]
    assert (results.page, results.pages, len(results.hits)) == (3, 3, 2)


# Keeping the index in step


def test_index_sends_only_the_public_fields_under_the_case_id():
    sentinels = {name: f"SENTINEL-{name}" for name in PUBLIC_FIELDS}
    sentinels.update(captions=("SENTINEL-captions",), tags=("SENTINEL-tags",), year=1999,
                     published_at=datetime(2016, 9, 1, tzinfo=UTC))  # fmt: skip
    client = RecordingClient()
    ElasticsearchBackend(client=client, alias="cases").index(CaseDoc(id=42, **sentinels))

    (call,) = client.named("index")
    assert set(call) == {"index", "id", "document", "require_alias"}
    assert (call["index"], call["id"], call["require_alias"]) == ("cases", "42", True)
    document = call["document"]
    assert set(document) == PUBLIC_FIELDS | {"terms", "folded"}
    for name, value in document.items():
        if name not in {"year", "published_at", "captions", "tags", "terms", "folded"}:
            assert value == f"SENTINEL-{name}"
    # terms and folded are made of the public fields only.
    assert document["terms"]["title"] == "sentinel title"
    assert set(document["folded"].split(" | ")) == {
        normalize(f"SENTINEL-{name}") for name in FIELD_WEIGHTS if name not in ("year", "topic")
    }  # the topic is the first tag, in the text once
    assert document["terms"]["topic"] == document["terms"]["tags"]
    assert document["captions"] == ["SENTINEL-captions"]
    assert document["tags"] == ["SENTINEL-tags"]
    assert (document["year"], document["published_at"]) == (1999, "2016-09-01T00:00:00+00:00")


def test_remove_deletes_by_id_and_ignores_a_missing_document():
    client = RecordingClient()
    ElasticsearchBackend(client=client, alias="cases").remove(42)
    assert client.named("delete") == [{"index": "cases", "id": "42"}]

    class Missing(RecordingClient):
        def delete(self, **kwargs):
            raise not_found()

    ElasticsearchBackend(client=Missing()).remove(42)  # nothing to remove: no error


def test_rebuild_fills_a_new_index_and_swaps_the_alias_in_one_call(monkeypatch):
    monkeypatch.setattr(es_backend, "BULK_CHUNK", 2)
    client = RecordingClient()
    client.indices.aliases = {
        "cases-20240101000000000000": {"cases"},  # the live index
        "cases-20230101000000000000": set(),  # left over by a failed rebuild
        "cases-archive": set(),  # not ours: kept
    }
    docs = [case_doc(1), case_doc(2), case_doc(3)]
    count = ElasticsearchBackend(client=client, alias="cases", analyzer="ik").rebuild(iter(docs))

    assert count == 3
    (create,) = client.named("indices.create")
    new = create["index"]
    assert new.startswith("cases-")
    assert new not in {"cases-20240101000000000000", "cases-20230101000000000000"}
    assert create["mappings"] == case_mapping("ik")
    # The terms' repeats saturate as on the embedded backend (search/plan.py SATURATION).
    assert create["settings"] == {"similarity": {"terms": {"type": "BM25", "k1": SATURATION}}}
    operations = [op for call in client.named("bulk") for op in call["operations"]]
    assert len(client.named("bulk")) == 2  # in chunks
    assert operations[0::2] == [{"index": {"_index": new, "_id": str(i)}} for i in (1, 2, 3)]
    assert [op["title"] for op in operations[1::2]] == ["案例1", "案例2", "案例3"]
    assert client.named("indices.refresh") == [{"index": new}]
    assert client.named("indices.update_aliases") == [{"actions": [
        {"remove": {"index": "cases-20240101000000000000", "alias": "cases"}},
        {"add": {"index": new, "alias": "cases"}},
    ]}]  # fmt: skip
    assert client.named("indices.delete") == [
        {"index": "cases-20230101000000000000,cases-20240101000000000000"}
    ]
    assert client.indices.aliases == {new: {"cases"}, "cases-archive": set()}
    order = [name for name, _ in client.calls]
    assert order.index("indices.update_aliases") < order.index("indices.delete")


def test_a_failed_rebuild_leaves_the_live_index_alone():
    client = RecordingClient(bulk_errors=True)
    client.indices.aliases = {"cases-20240101000000000000": {"cases"}}
    with pytest.raises(BulkIndexError):
        ElasticsearchBackend(client=client).rebuild([case_doc(1)])
    assert client.named("indices.update_aliases") == []
    assert client.indices.aliases == {"cases-20240101000000000000": {"cases"}}


# When Elasticsearch cannot be reached


def test_unreachable_search_raises_search_unavailable():
    with pytest.raises(SearchUnavailable):
        ElasticsearchBackend(client=UnreachableClient()).search(SearchQuery(text="物业"))


def test_unreachable_index_and_remove_log_and_carry_on(caplog):
    backend = ElasticsearchBackend(client=UnreachableClient())
    with caplog.at_level("WARNING", logger="search"):
        backend.index(case_doc(5, body="联系电话 13800000000"))
        backend.remove(5)
    assert [r.name for r in caplog.records] == ["search", "search"]
    assert "13800000000" not in caplog.text  # the document is never logged


def test_real_client_on_a_closed_port(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    backend = ElasticsearchBackend()
    assert backend._client is None  # created on first use
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="物业"))
    assert isinstance(backend.client, Elasticsearch)
    backend.index(case_doc(1))
    backend.remove(1)


# The management command


def test_search_index_command(monkeypatch, db):
    client = RecordingClient()
    monkeypatch.setattr("search.indexing.get_backend", lambda: ElasticsearchBackend(client=client))
    monkeypatch.setattr(
        "search.indexing.published_documents", lambda: iter([case_doc(1), case_doc(2)])
    )
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert out.getvalue().strip() == "已重建索引：2 个案例"
    assert len(client.named("indices.update_aliases")) == 1

    out = StringIO()
    call_command("search_index", stdout=out)
    assert "--rebuild" in out.getvalue()
    assert len(client.named("indices.create")) == 1  # no second rebuild
