"""axe-core (npm, package.json) on every kind of public page and on the application
form, fresh and after a failed submit, at desktop and phone widths: no violation and
nothing left for a person to review."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import CampaignPage, CasePage
from tests.browser.conftest import needs_chromium

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run();
  const brief = (items) => items.map((item) => [
    item.id, item.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  ]);
  return {violations: brief(result.violations), review: brief(result.incomplete)};
}"""

pytestmark = [pytest.mark.browser, needs_chromium]


def _open_campaign():
    campaign = CampaignPage.objects.get()
    now = timezone.now()
    campaign.submission_opens_at = now - datetime.timedelta(days=1)
    campaign.submission_deadline = now + datetime.timedelta(days=20)
    campaign.save_revision().publish()
    return campaign


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_and_the_form_have_no_accessibility_findings(
    committed_demo, live_server, browser
):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (the Makefile does)"
    campaign = _open_campaign()
    case = CasePage.objects.live().first()
    paths = ["/", campaign.url, "/cases/", case.url, "/search/?q=物业", "/search/?q=老娘旧"]
    paths += [campaign.url + "apply/", "/no-such-page/", "failed submit"]
    paths += ["/cases/?participant=%E5%BF%97%E6%84%BF%E8%80%85&sort=title"]  # a filtered library
    findings = {}
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in paths:
            if path == "failed submit":
                page.goto(live_server.url + campaign.url + "apply/")
                page.get_by_role("button", name="提交申报").click()
                page.wait_for_load_state()
                assert page.locator("#form-errors").is_visible()
            else:
                page.goto(live_server.url + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(RUN_AXE)
            if result["violations"] or result["review"]:
                findings[f"{width} {path}"] = result
        page.close()
    assert not findings, findings
