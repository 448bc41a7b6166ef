"""A visitor walks home → campaign → library → case page in Debian's chromium."""

import os

import pytest
from django.core.management import call_command

from tests.browser.conftest import ARTIFACTS, needs_chromium, shoot

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


def assert_images_have_alt_and_load(page):
    images = page.locator("main img")
    for i in range(images.count()):
        image = images.nth(i)
        assert (image.get_attribute("alt") or "").strip(), image.get_attribute("src")
        image.scroll_into_view_if_needed()
        # Lazy images start loading once in view: wait for a decoded, non-empty picture.
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0",
            arg=image.element_handle(),
            timeout=10_000,
        )


# serialized_rollback: the flush after a transactional test would otherwise drop
# the rows data migrations made (the four 篇) for every later test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_home_campaign_library_case(live_server, browser, width):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(viewport={"width": width, "height": 900})

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "社区治理优秀案例征集平台"
    assert "申报截止：2016年6月17日 23:59" in page.locator(".current-campaign").inner_text()
    # Keyboard: the first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert_images_have_alt_and_load(page)
    shoot(page, f"1-home-{width}")

    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="2016年优秀案例征集"
    ).click()
    page.wait_for_load_state()
    assert "静安区社会力量参与社区治理优秀案例征集活动" in page.locator("h1").inner_text()
    assert "ngo2007@sina.com" in page.locator(".campaign__aside").inner_text()
    shoot(page, f"2-campaign-{width}")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="案例库").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "案例库"
    page.select_option("#filter-section", label="矛盾调处与帮困帮教篇")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert "section=mediation" in page.url
    titles = page.locator(".case-card__title").all_inner_texts()
    assert "依托社会组织 化解物业难题" in titles
    shoot(page, f"3-library-{width}")

    page.get_by_role("link", name="依托社会组织 化解物业难题").click()
    page.wait_for_load_state()
    assert page.locator(".byline").inner_text() == "——虹口新家园建设与合作事务所"
    assert page.locator(".gallery figure").count() == 3
    assert_images_have_alt_and_load(page)
    shoot(page, f"4-case-{width}")
    assert os.path.getsize(ARTIFACTS / f"4-case-{width}.png") > 50_000
