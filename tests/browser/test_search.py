"""A visitor searches the case library at 1280 and 390 px in Debian's chromium: results
with a count and marked words, a filter that narrows them and stays in the address, a
corrected typo, and a query that finds nothing but offers the 篇 and the library."""

import re

import pytest

from tests.browser.conftest import needs_chromium, shoot
from tests.browser.people import VIEWPORTS, fits_width, new_page

pytestmark = [pytest.mark.browser, needs_chromium]


def search(page, text):
    """Types the query into the search box and presses 检索, as a visitor does."""
    page.get_by_role("searchbox", name="检索词").fill(text)
    page.get_by_role("button", name="检索").click()
    page.wait_for_load_state()


def count(page):
    match = re.search(r"找到 (\d+) 个案例", page.locator(".result-count").inner_text())
    assert match, page.locator(".result-count").inner_text()
    return int(match.group(1))


def filters(page, width):
    """The filters: beside the results on a desktop, folded under 筛选 on a phone."""
    folded = page.locator("details#search-filters")
    if width < 860:
        assert folded.get_attribute("open") is None
        assert not page.locator(".search__facets").is_visible()
        folded.locator("summary").click()
    assert page.locator(".search__facets").is_visible()
    return page.locator(".search__facets")


# serialized_rollback: the flush after a transactional test would otherwise drop
# the rows data migrations made (the four 篇) for every later test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", ["desktop", "phone"])
def test_a_visitor_searches_filters_and_is_corrected(committed_demo, live_server, browser, name):
    viewport = VIEWPORTS[name]
    width = viewport["width"]
    page = new_page(browser, viewport)

    page.goto(live_server.url + "/search/")
    assert page.locator("h1").inner_text() == "案例检索"
    search(page, "志愿者")
    assert "q=%E5%BF%97%E6%84%BF%E8%80%85" in page.url
    found = count(page)
    assert found > 1 and page.locator(".hit").count() >= min(found, 2)
    marked = page.locator(".hit__snippet mark").all_inner_texts()
    assert marked and all("志愿者" in m for m in marked), marked
    assert fits_width(page, width)
    shoot(page, f"search-results-{width}")

    # A 篇 narrows the results; the filter stays in the address with the words.
    facets = filters(page, width)
    option = facets.locator("section", has=page.get_by_role("heading", name="篇", exact=True))
    link = option.get_by_role("link", name="慈善公益篇")
    link.click()
    page.wait_for_load_state()
    assert "section=charity" in page.url and "q=" in page.url
    narrowed = count(page)
    assert 0 < narrowed < found
    sections = page.locator(".hit .muted").all_inner_texts()
    assert sections and all("慈善公益篇" in s for s in sections), sections
    assert page.get_by_role("searchbox", name="检索词").input_value() == "志愿者"
    if width < 860:
        assert "（已选 1 项）" in page.locator("#search-filters summary").inner_text()
    shoot(page, f"search-filtered-{width}")

    # A typo by sound, in a new search (the form keeps the filter chosen): the results
    # of the word meant, and a way back to the word typed.
    page.goto(live_server.url + "/search/")
    search(page, "老娘旧")
    notice = page.locator(".notice").filter(has_text="已显示")
    assert "已显示“老娘舅”的检索结果" in notice.inner_text()
    assert count(page) > 0
    assert "老娘舅" in page.locator(".hit__snippet mark").all_inner_texts()
    as_typed = notice.get_by_role("link", name="仍然检索“老娘旧”")
    assert as_typed.is_visible()
    shoot(page, f"search-corrected-{width}")
    as_typed.click()
    page.wait_for_load_state()
    assert "已显示" not in page.locator(".search__results").inner_text()

    # Nothing found: the four 篇 and the whole library are offered instead.
    search(page, "直播带货")
    assert count(page) == 0 and page.locator(".hit").count() == 0
    empty = page.locator(".empty")
    assert "没有找到符合条件的案例。" in empty.inner_text()
    browse = empty.locator(".browse-sections a")
    assert browse.count() == 4 and all("篇（" in t for t in browse.all_inner_texts())
    assert empty.get_by_role("link", name="浏览全部案例").is_visible()
    assert fits_width(page, width)
    shoot(page, f"search-nothing-{width}")
    first = browse.first.inner_text()
    browse.first.click()
    page.wait_for_load_state()
    assert count(page) > 0
    assert all(first.split("（")[0] in s for s in page.locator(".hit .muted").all_inner_texts())
    page.context.close()
