"""The search page over the embedded backend: Chinese words, facets, bad input, privacy."""

import time

import pytest
from django.core.management import call_command

from cases.models import CasePage
from search.answer import answer
from search.backend import get_backend
from search.query import SearchQuery
from tests.cases.test_privacy import sentinel_application
from tests.factories import CasePageFactory, OrganizationFactory, section
from tests.pages import soup, visible_text
from tests.search.relevance import queries, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)


def slugs(results):
    by_id = dict(CasePage.objects.values_list("pk", "slug"))
    return [by_id[hit.id] for hit in results.hits]


def test_relevance_on_the_labelled_queries(demo):
    """Targets: recall@10 ≥ 0.95, right first result ≥ 0.85, nothing empty unless labelled."""
    assert len(queries()) >= 120

    def search(text):  # as the search page answers: corrections and years included
        return slugs(answer(SearchQuery.from_querydict({"q": text})).results)

    recall, first, empty, failures = score(search)
    print(f"recall@10={recall:.3f} first={first:.3f} empty={len(empty)}")
    for failure in failures:
        print("MISS", *failure)
    assert recall >= 0.95, failures
    assert first >= 0.85, failures
    assert empty == [], empty


def test_the_reference_case_is_found_by_its_words(client, demo):
    for word in ("物业", "业委会", "老娘舅"):
        page = client.get("/search/", {"q": word})
        assert "依托社会组织 化解物业难题" in visible_text(page), word
    marked = soup(client.get("/search/", {"q": "老娘舅"})).select(".hit__snippet mark")
    assert "老娘舅" in [m.get_text() for m in marked]


def test_facets_combine_with_the_text_and_stay_in_the_url(client, demo):
    page = soup(client.get("/search/", {"q": "志愿者"}))
    facet_names = [h.get_text() for h in page.select(".search__facets h2")]
    assert facet_names[:2] == ["篇", "年度"]
    link = next(a for a in page.select(".search__facets a") if "慈善公益篇" in a.get_text())
    filtered = client.get("/search/" + link["href"])
    text = visible_text(filtered)
    assert "q=%E5%BF%97%E6%84%BF%E8%80%85" in link["href"] and "section=charity" in link["href"]
    hits = soup(filtered).select(".hit")
    assert hits and all("慈善公益篇" in h.get_text() for h in hits)
    assert "找到" in text


def test_no_results_suggests_which_filter_to_drop(client, demo):
    page = client.get("/search/", {"q": "老娘舅", "section": "charity"})
    text = visible_text(page)
    assert "没有找到符合条件的案例" in text
    assert "去掉筛选“篇”" in text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "物业" * 5000},
        {"q": "，。！？、；：" * 10},
        {"q": "😀🎉"},
        {"q": "物业\x07\x1b"},
        {"q": "物业", "section": "no-such-section"},
        {"q": "物业", "year": "abc"},
        {"q": "物业", "page": "9999"},
        {"q": "物业", "page": "x"},
        {"q": "ＡＢＣ１２３ 业委会"},
    ],
)
def test_bad_input_gives_a_normal_page_quickly(client, demo, params):
    start = time.perf_counter()
    response = client.get("/search/", params)
    assert time.perf_counter() - start < 1.0
    assert response.status_code == 200
    assert "找到" in visible_text(response)


def test_only_public_fields_of_published_cases_are_indexed(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        live = CasePageFactory(
            parent=campaign,
            title="公开的案例",
            summary="publicword 物业",
            organization=OrganizationFactory(address="SENTINEL-ORG-ADDRESS"),
            category=section("mediation"),
        )
        live.save_revision().publish()
        draft = CasePageFactory(parent=campaign, title="草稿案例 publicword", live=False)
        draft.save_revision()
    _, sentinels = sentinel_application(live)
    call_command("search_index", "--rebuild", verbosity=0)
    backend = get_backend()
    assert [h.id for h in backend.search(SearchQuery(text="publicword")).hits] == [live.pk]
    for private in [*sentinels, "SENTINEL-ORG-ADDRESS"]:
        assert backend.search(SearchQuery(text=private)).total == 0, private
    # Unpublishing removes it; publishing again brings it back.
    with django_capture_on_commit_callbacks(execute=True):
        live.unpublish()
    assert backend.search(SearchQuery(text="publicword")).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        live.save_revision().publish()
    assert backend.search(SearchQuery(text="publicword")).total == 1


def test_a_nul_in_the_query_is_a_chinese_400(client, demo):
    response = client.get("/search/", {"q": "物业\x00"})
    assert response.status_code == 400 and "请求有误" in response.content.decode()


def test_a_query_of_only_punctuation_says_so(client, demo):
    text = visible_text(client.get("/search/", {"q": "，。😀"}))
    assert "检索词只含标点或表情符号" in text
    assert "找到 21 个案例" in text


def test_an_unreachable_search_service_gives_a_clear_503(client, monkeypatch, db):
    from search import answer
    from search.query import SearchUnavailable

    class Down:
        def search(self, query):
            raise SearchUnavailable

    monkeypatch.setattr(answer, "get_backend", lambda: Down())
    response = client.get("/search/", {"q": "物业"})
    assert response.status_code == 503
    assert "案例检索暂时不可用" in response.content.decode()
    assert "/cases/" in response.content.decode()


def test_a_case_under_a_newly_private_campaign_leaves_the_index(
    campaign, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        case = CasePageFactory(parent=campaign, summary="restrictedword")
        case.save_revision().publish()
    backend = get_backend()
    assert backend.search(SearchQuery(text="restrictedword")).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    assert backend.search(SearchQuery(text="restrictedword")).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert backend.search(SearchQuery(text="restrictedword")).total == 1
