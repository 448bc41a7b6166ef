"""The public library's filters, sorting, page sizes and addresses (issue 26)."""

import datetime

import pytest

from tests.factories import CasePageFactory, CasePhotoFactory, OrganizationFactory, section
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(campaign, library):
    social = OrganizationFactory(name="彭浦睦邻中心", kind="life_service")
    mediation = OrganizationFactory(name="曹家渡调解工作室", kind="mediation")
    return [
        CasePageFactory(
            parent=campaign,
            title="助餐服务进楼组",
            organization=social,
            street="彭浦新村街道",
            category=section("life-service"),
            submitted_on=datetime.date(2016, 6, 1),
        ),
        CasePageFactory(
            parent=campaign,
            title="老娘舅调解物业纠纷",
            organization=mediation,
            street="曹家渡街道",
            category=section("mediation"),
            participant_type="volunteer",
            submitted_on=datetime.date(2016, 6, 3),
        ),
        CasePageFactory(
            parent=campaign,
            title="阿姨议事会",
            organization=mediation,
            street="曹家渡街道",
            category=section("self-governance"),
            participant_type="deputy",
            submitted_on=datetime.date(2016, 6, 2),
        ),
    ]


def titles(response):
    return [a.get_text() for a in soup(response).select(".case-card__title a")]


def facet_options(response, label):
    page = soup(response)
    for panel in page.select(".library__filters .panel"):
        if panel.h2.get_text() == label:
            return {
                li.a.get_text(): (li.select_one(".muted").get_text(), li.a["href"])
                for li in panel.select("li")
            }
    return {}


def test_filters_by_street_kind_and_participant_with_counts(client, library, cases):
    response = client.get(library.url)
    streets = facet_options(response, "街道/镇")
    assert {k: v[0] for k, v in streets.items()} == {"曹家渡街道": "(2)", "彭浦新村街道": "(1)"}
    participants = facet_options(response, "参与主体")
    assert {k: v[0] for k, v in participants.items()} == {
        "社会组织": "(1)",
        "志愿者": "(1)",
        "两代表一委员": "(1)",
    }
    kinds = facet_options(response, "单位类型")
    assert {k: v[0] for k, v in kinds.items()} == {
        "社区专业调处类社会组织": "(2)",
        "社区生活服务类社会组织": "(1)",
    }
    # Following the street's link narrows the cards, and the other facets count within it.
    street_url = streets["曹家渡街道"][1]
    narrowed = client.get(street_url)
    assert sorted(titles(narrowed)) == ["老娘舅调解物业纠纷", "阿姨议事会"]
    assert "共 2 个案例" in visible_text(narrowed)
    assert {k: v[0] for k, v in facet_options(narrowed, "参与主体").items()} == {
        "志愿者": "(1)",
        "两代表一委员": "(1)",
    }
    # Combined with a 参与主体 and a 篇 (the 篇 the search's facet names by its slug).
    both = client.get(facet_options(narrowed, "参与主体")["两代表一委员"][1])
    assert titles(both) == ["阿姨议事会"]
    chosen = [a.get_text(" ", strip=True) for a in soup(both).select(".chosen a")]
    assert chosen == ["街道/镇：曹家渡街道 ×", "参与主体：两代表一委员 ×", "清除全部"]
    # The search form hands the text over with the filters kept.
    hidden = {i["name"]: i["value"] for i in soup(both).select(".search-form input[type=hidden]")}
    assert hidden == {"street": "曹家渡街道", "participant": "两代表一委员"}


def test_the_counts_are_the_searchs_own(client, library, cases):
    """One source: the library's options and counts are what the search page offers."""
    from search.indexing import rebuild

    rebuild()
    library_kinds = facet_options(client.get(library.url), "单位类型")
    search_page = soup(client.get("/search/", {"q": ""}))
    search_kinds = {}
    for panel in search_page.select(".search__facets .panel"):
        if panel.h2.get_text() == "单位类型":
            search_kinds = {
                li.a.get_text(): li.select_one(".muted").get_text() for li in panel("li")
            }
    assert search_kinds == {k: v[0] for k, v in library_kinds.items()}


def test_sorts_by_date_title_and_section(client, library, cases):
    assert titles(client.get(library.url)) == ["老娘舅调解物业纠纷", "阿姨议事会", "助餐服务进楼组"]
    # Title by pinyin: a(阿姨) < lao(老娘舅) < zhu(助餐).
    by_title = client.get(library.url, {"sort": "title"})
    assert titles(by_title) == ["阿姨议事会", "老娘舅调解物业纠纷", "助餐服务进楼组"]
    by_section = client.get(library.url, {"sort": "section"})
    assert titles(by_section) == ["助餐服务进楼组", "阿姨议事会", "老娘舅调解物业纠纷"]
    assert soup(by_title).select_one(".library__controls strong").get_text() == "标题"


def test_title_order_is_kept_on_the_page_so_the_library_needs_no_pypinyin(
    client, library, cases, monkeypatch
):
    # Saved with the page, renamed with it; the library sorts by what was kept.
    page = cases[0]
    assert page.title_pinyin == "zhu can fu wu jin lou zu"
    page.title = "爱心助餐"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title_pinyin == "ai xin zhu can"

    def no_pypinyin(title):
        raise AssertionError(f"pypinyin asked for {title}")

    monkeypatch.setattr("cases.models.library._title_pinyin", no_pypinyin)
    by_title = client.get(library.url, {"sort": "title"})
    assert titles(by_title) == ["阿姨议事会", "爱心助餐", "老娘舅调解物业纠纷"]  # a yi < ai xin


def test_a_title_is_read_by_its_phrases_as_pypinyin_reads_it():
    from cases.fields.title_order import title_pinyin

    # 调解 as tiao jie, 弄堂 as long tang, 重新 as chong xin: the phrase, not each
    # character's usual reading (diao, nong, zhong); punctuation and spaces as written.
    assert title_pinyin("“老娘舅”坐班调解") == "“ lao niang jiu ” zuo ban tiao jie"
    assert title_pinyin("弄堂议事会  重新站起来") == "long tang yi shi hui    chong xin zhan qi lai"
    # Without loading pypinyin's phrase dictionary: the search's pypinyin has none.
    import pypinyin.constants

    assert not pypinyin.constants.PHRASES_DICT


def test_a_title_is_sorted_by_its_phrases_reading(client, campaign, library, cases):
    # 调解 is read tiao jie as a phrase (its characters alone: diao jie, before lao).
    CasePageFactory(parent=campaign, title="调解员上门")
    by_title = client.get(library.url, {"sort": "title"})
    assert titles(by_title) == ["阿姨议事会", "老娘舅调解物业纠纷", "调解员上门", "助餐服务进楼组"]


def test_every_phrase_is_found_in_pypinyins_file_without_a_table_of_them():
    import json
    import tracemalloc
    from pathlib import Path

    import pypinyin
    from pypinyin import Style
    from pypinyin.style import convert

    from cases.fields import title_order

    # Looked up in the file itself (a binary search over its sorted entries): the first
    # title read in a process holds no table of the 47,000 phrases (it was 8 MB).
    title_order.title_pinyin("助餐")  # pypinyin itself loaded (its characters, 13 MB)
    title_order._phrase_file.cache_clear()
    tracemalloc.start()
    assert title_order.title_pinyin("“老娘舅”坐班调解") == "“ lao niang jiu ” zuo ban tiao jie"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000, peak
    # Each phrase, at either end of the file and between, read as pypinyin's entry reads
    # it (each character's first reading), a title of its own in quotation marks.
    path = Path(pypinyin.__file__).with_name("phrases_dict.json")
    entries = list(json.loads(path.read_text(encoding="utf-8")).items())
    for phrase, readings in [*entries[::499], entries[-1]]:
        spoken = " ".join(convert(options[0], Style.NORMAL, True) for options in readings)
        assert title_order.title_pinyin(f"「{phrase}」") == f"「 {spoken} 」", phrase


def test_a_page_saved_before_the_title_order_was_kept_is_sorted_all_the_same(
    client, library, cases
):
    from cases.models import CasePage

    CasePage.objects.update(title_pinyin="")
    by_title = client.get(library.url, {"sort": "title"})
    assert titles(by_title) == ["阿姨议事会", "老娘舅调解物业纠纷", "助餐服务进楼组"]


def test_page_size_is_chosen(client, campaign, library):
    for i in range(30):
        CasePageFactory(parent=campaign, title=f"案例{i:02d}")
    assert len(soup(client.get(library.url)).select(".case-card")) == 12
    assert len(soup(client.get(library.url, {"per": "24"})).select(".case-card")) == 24
    page = soup(client.get(library.url, {"per": "48"}))
    assert len(page.select(".case-card")) == 30
    assert not page.select(".library__pages")
    # A size not offered is the default, by redirect.
    response = client.get(library.url, {"per": "1000"})
    assert response.status_code == 301
    assert response["Location"] == library.url


def test_each_state_has_one_address(client, library, cases):
    # The order the visitor typed, empty values and defaults: sent to the canonical form.
    response = client.get(
        f"{library.url}?page=1&sort=title&participant=&street=%E6%9B%B9%E5%AE%B6%E6%B8%A1%E8%A1%97%E9%81%93&per=12"
    )
    assert response.status_code == 301
    assert (
        response["Location"]
        == f"{library.url}?street=%E6%9B%B9%E5%AE%B6%E6%B8%A1%E8%A1%97%E9%81%93&sort=title"
    )
    canonical = client.get(response["Location"])
    assert canonical.status_code == 200
    # Every link on the page is itself canonical: following one never redirects.
    page = soup(canonical)
    links = [a["href"] for a in page.select(".library__layout a")]
    assert links
    for href in links:
        assert client.get(href).status_code == 200, href
    # A value naming no case is dropped rather than shown as an empty page.
    gone = client.get(library.url, {"street": "不存在的街道", "sort": "title"})
    assert gone["Location"] == f"{library.url}?sort=title"


def test_the_phone_sees_the_first_cards_before_the_filters(client, campaign, library):
    for i in range(8):
        CasePageFactory(parent=campaign, title=f"案例{i}")
    page = soup(client.get(library.url))
    layout = page.select_one(".library__layout")
    order = [
        next(c for c in child.get("class", []) if c.startswith("library__"))
        for child in layout.find_all(recursive=False)
        if child.name != "script"
    ]
    assert order == ["library__head", "library__first", "library__filters", "library__more"]
    assert len(layout.select(".library__first .case-card")) == 4
    assert page.select_one("details.library__filters summary").get_text() == "筛选"


def _fill(campaign, n):
    for i in range(n):
        case = CasePageFactory(
            parent=campaign,
            street=["静安寺街道", "曹家渡街道", "北站街道"][i % 3],
            participant_type=["organization", "volunteer"][i % 2],
            category=section("charity" if i % 2 else "mediation"),
        )
        CasePhotoFactory(page=case)


def test_queries_do_not_grow_with_cases(client, campaign, library, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection

    from published.parts import forget

    def fresh(url):
        client.get(url)  # renditions made
        cache.clear()
        forget()
        connection.queries_log.clear()  # a full log (9,000 entries) would count nothing

    url = f"{library.url}?street=%E6%9B%B9%E5%AE%B6%E6%B8%A1%E8%A1%97%E9%81%93&per=48"
    _fill(campaign, 3)
    fresh(url)

    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    few = len(few.captured_queries)  # read now: the log is cleared below
    _fill(campaign, 60)
    fresh(url)
    with django_assert_max_num_queries(few):
        page = soup(client.get(url))
    assert len(page.select(".case-card")) == 21
