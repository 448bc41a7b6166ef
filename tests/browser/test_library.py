"""A visitor filters the case library at 1280 and 390 px in Debian's chromium: a 参与主体
and a 街道 narrow the cards with the counts the options promised, the order and page size
change, and the address, opened by someone else, shows the same cards (issue 26)."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import needs_chromium, shoot
from tests.browser.people import VIEWPORTS, fits_width, new_page

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path("/work/shots")


def total(page):
    match = re.search(r"共 (\d+) 个案例", page.locator(".result-count").inner_text())
    assert match, page.locator(".result-count").inner_text()
    return int(match.group(1))


def facets(page, width):
    """On a phone the filters are folded in below the first cards; opened by a tap."""
    folded = page.locator("details#library-filters")
    if width < 860:
        assert folded.get_attribute("open") is None
        first_cards = page.locator(".library__first .case-card")
        assert first_cards.count() == min(4, total(page))
        assert folded.bounding_box()["y"] > first_cards.last.bounding_box()["y"]
        folded.locator("summary").click()
    else:
        cards = page.locator(".library__first").bounding_box()
        assert folded.bounding_box()["x"] < cards["x"]  # beside the cards
    assert page.locator(".library__filters .search__facets").is_visible()
    return page.locator(".library__filters .search__facets")


def choose(page, width, facet_label, option_label):
    """Follows an option's link; returns the count it promised."""
    panel = facets(page, width).locator(
        "section", has=page.get_by_role("heading", name=facet_label, exact=True)
    )
    item = panel.locator("li", has=page.get_by_role("link", name=option_label, exact=True))
    promised = int(item.locator(".muted").inner_text().strip("()"))
    item.get_by_role("link").click()
    page.wait_for_load_state()
    return promised


def card_titles(page):
    return page.locator(".case-card__title").all_inner_texts()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", ["desktop", "phone"])
def test_a_visitor_filters_the_library_and_shares_the_address(
    committed_demo, live_server, browser, name
):
    viewport = VIEWPORTS[name]
    width = viewport["width"]
    page = new_page(browser, viewport)
    page.goto(live_server.url + "/cases/")
    everything = total(page)
    assert everything > 12 and page.locator(".case-card").count() == 12
    assert fits_width(page, width)

    promised = choose(page, width, "参与主体", "志愿者")
    assert "participant=%E5%BF%97%E6%84%BF%E8%80%85" in page.url
    assert total(page) == promised < everything
    promised = choose(page, width, "街道/镇", "曹家渡街道")
    assert total(page) == promised == 1
    assert page.url.endswith(
        "/cases/?street=%E6%9B%B9%E5%AE%B6%E6%B8%A1%E8%A1%97%E9%81%93"
        "&participant=%E5%BF%97%E6%84%BF%E8%80%85"
    )
    # Dropping the street keeps the 参与主体; the order changes to 标题, 24 a page.
    page.get_by_role("link", name="取消筛选 街道/镇：曹家渡街道").click()
    page.wait_for_load_state()
    page.locator(".library__controls").get_by_role("link", name="标题").click()
    page.wait_for_load_state()
    page.locator(".library__controls").get_by_role("link", name="24").click()
    page.wait_for_load_state()
    assert page.url.endswith("/cases/?participant=%E5%BF%97%E6%84%BF%E8%80%85&sort=title&per=24")
    titles = card_titles(page)
    assert len(titles) == total(page) > 1
    assert fits_width(page, width)
    if width < 860:
        assert "（已选 1 项）" in page.locator("#library-filters summary").inner_text()
        page.locator("#library-filters summary").click()  # shown opened in the screenshot
    shoot(page, f"library-filtered-{width}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"library-filtered-{width}.png"), full_page=True)

    # Shared: another reader opens the same address and sees the same cards.
    shared = page.url
    other = new_page(browser, viewport)
    response = other.goto(shared)
    assert response.status == 200 and other.url == shared
    assert card_titles(other) == titles
