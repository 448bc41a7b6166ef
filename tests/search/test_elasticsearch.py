"""The Elasticsearch backend without a server: mapping and requests as dicts, sync logic
against a recording client. Tests against a real server run when ELASTICSEARCH_URL is set."""

import dataclasses
import os
import socket
import uuid
from datetime import UTC, datetime
from fnmatch import fnmatch
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils.safestring import SafeString
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ConnectionError, Elasticsearch, NotFoundError
from elasticsearch.helpers import BulkIndexError

from search.backends import elasticsearch as es_backend
from search.backends.elasticsearch import ElasticsearchBackend, case_mapping
from search.documents import published_documents
from search.plan import FIELD_WEIGHTS
from search.query import FACETS, CaseDoc, SearchQuery, SearchUnavailable
from search.text import normalize, parse

PUBLIC_FIELDS = {f.name for f in dataclasses.fields(CaseDoc)} - {"id"}
TEXT_FIELDS = {"title", "organization", "summary", "body", "captions", "tags", "section", "street"}


def case_doc(id=1, **fields):
    values = {
        "url": f"/cases/{id}/", "title": f"案例{id}", "organization": "某社会组织",
        "organization_kind": "社区服务类社会组织", "section": "生活服务篇",
        "section_slug": "life", "year": 2016, "street": "静安寺街道",
        "participant_type": "社会组织", "summary": "摘要", "body": "正文",
        "captions": ("图片说明",), "tags": ("社区",),
        "published_at": datetime(2016, 9, 1, 8, 0, tzinfo=UTC),
    }  # fmt: skip
    return CaseDoc(id=id, **{**values, **fields})


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def terms_of(query):
    """The portal terms a request asks for (multi_match over terms.* fields)."""
    return [
        n["multi_match"]["query"]
        for n in _walk(query)
        if "multi_match" in n and n["multi_match"]["fields"][0].startswith("terms.")
    ]


def written_of(query):
    """{word: boost} looked for as written (match_phrase on folded)."""
    found = {}
    for n in _walk(query):
        phrase = n.get("match_phrase", {}).get("folded")
        if isinstance(phrase, dict):
            found[phrase["query"]] = phrase.get("boost", 1.0)
        elif phrase is not None:
            found[phrase] = 1.0
    return found


def not_found():
    node = NodeConfig("http", "localhost", 9200)
    meta = ApiResponseMeta(404, "1.1", HttpHeaders(), 0.0, node)
    return NotFoundError("not_found", meta, {"found": False})


class RecordingIndices:
    def __init__(self, client):
        self.client = client
        self.aliases = {}  # concrete index → set of aliases

    def create(self, **kwargs):
        self.client.calls.append(("indices.create", kwargs))
        self.aliases[kwargs["index"]] = set()

    def refresh(self, **kwargs):
        self.client.calls.append(("indices.refresh", kwargs))

    def get_alias(self, **kwargs):
        self.client.calls.append(("indices.get_alias", kwargs))
        return {
            name: {"aliases": {alias: {} for alias in aliases}}
            for name, aliases in self.aliases.items()
            if fnmatch(name, kwargs["index"])
        }

    def update_aliases(self, **kwargs):
        self.client.calls.append(("indices.update_aliases", kwargs))
        for action in kwargs["actions"]:
            (verb, target), = action.items()  # fmt: skip
            change = set.discard if verb == "remove" else set.add
            change(self.aliases[target["index"]], target["alias"])

    def delete(self, **kwargs):
        self.client.calls.append(("indices.delete", kwargs))
        for name in kwargs["index"].split(","):
            del self.aliases[name]


class RecordingClient:
    """Implements the client methods the backend calls, recording each call."""

    def __init__(self, response=None, bulk_errors=False):
        self.calls = []
        self.indices = RecordingIndices(self)
        self.response = response or {"hits": {"total": {"value": 0}, "hits": []}}
        self.bulk_errors = bulk_errors

    def named(self, name):
        return [kwargs for called, kwargs in self.calls if called == name]

    def index(self, **kwargs):
        self.calls.append(("index", kwargs))

    def delete(self, **kwargs):
        self.calls.append(("delete", kwargs))

    def bulk(self, **kwargs):
        self.calls.append(("bulk", kwargs))
        items = [{"index": {"_id": op["index"]["_id"], "status": 201}}
                 for op in kwargs["operations"] if "index" in op]  # fmt: skip
        if self.bulk_errors:
            items[0]["index"]["error"] = {"type": "mapper_parsing_exception"}
        return {"errors": self.bulk_errors, "items": items}

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return self.response


class UnreachableClient:
    """Every call fails as when nothing listens on the port."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail


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
        assert field == {"type": "text", "analyzer": "whitespace"}
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
    assert fields[:3] == ["terms.title^5", "terms.tags^3", "terms.organization^3"]
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
        normalize(f"SENTINEL-{name}") for name in FIELD_WEIGHTS
    }
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
