"""A visitor's walk in Chromium through the production stack (nginx in front of gunicorn),
as deployed: home → search → a case, twice, so the second walk is served through the
front cache's revalidation. The browser flows in tests/browser run against the
development server; this one checks that what nginx adds (its cache, the canonical
host, the client address) leaves the public walk as it is."""

import pytest

from cases.models import CasePage
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, needs_chromium
from tests.production.stack import HOST, Stack, needs_nginx

pytestmark = [
    pytest.mark.production,
    pytest.mark.browser,
    needs_nginx,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_stack(committed_demo, tmp_path):
    stack = Stack(tmp_path).start()
    yield stack
    stack.stop()


def test_a_visitor_searches_and_reads_a_case_behind_nginx(demo_stack, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Runs of spaces as one, as the page shows them (titles use two on purpose).
    titles = {" ".join(t.split()) for t in CasePage.objects.live().values_list("title", flat=True)}
    # The canonical host name resolves to this machine for the browser alone.
    args = [*LAUNCH_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
            for _ in range(2):  # the second walk goes through the front cache
                page.goto(demo_stack.canonical + "/")
                assert page.locator("h1").first.inner_text().strip()
                page.goto(demo_stack.canonical + "/search/")
                page.fill("#search-q", "物业")
                page.press("#search-q", "Enter")
                page.wait_for_url("**/search/?q=*")
                count = page.locator(".result-count").inner_text()
                assert "找到" in count and "个案例" in count, count
                first = page.locator(".hit h2 a").first
                title = " ".join(first.inner_text().split())
                assert title in titles
                first.click()
                page.wait_for_load_state()
                assert " ".join(page.locator("h1").first.inner_text().split()) == title
                assert page.url.startswith(demo_stack.canonical)
        finally:
            browser.close()
