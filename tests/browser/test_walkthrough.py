"""A visitor walks home → campaign → library → case page in Debian's chromium."""

import datetime
import os

import pytest
from django.utils import timezone

from cases.models import CampaignPage
from tests.browser.conftest import ARTIFACTS, needs_chromium, shoot
from tests.browser.test_library import choose

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


def assert_on_first_screen(page, locator, height):
    """Seen without scrolling: 在线申报 and the deadline on a phone's first screen."""
    page.evaluate("window.scrollTo(0, 0)")
    box = locator.first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box


# serialized_rollback: the flush after a transactional test would otherwise drop
# the rows data migrations made (the four 篇) for every later test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_home_campaign_library_case(committed_demo, live_server, browser, width):
    campaign = CampaignPage.objects.get()
    now = timezone.now()
    campaign.submission_opens_at = now - datetime.timedelta(days=1)
    campaign.submission_deadline = now + datetime.timedelta(days=20)
    campaign.save_revision().publish()
    height = 844 if width == 390 else 900  # a phone's first screen
    page = browser.new_page(viewport={"width": width, "height": height})

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "社区治理优秀案例征集平台"
    assert "还剩 20 天" in page.locator(".hero .apply-cta").inner_text()
    assert_on_first_screen(page, page.get_by_role("link", name="在线申报"), height)
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
    assert_on_first_screen(page, page.locator("header .apply-cta__button"), height)
    shoot(page, f"2-campaign-{width}")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="案例库").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "案例库"
    choose(page, width, "篇", "矛盾调处与帮困帮教篇")  # folded below the first cards on a phone
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
