"""Staff open the call's figures and download them as Excel; the public page of a closed
call shows its charts with their tables, at 1280 and 390 px (issue 26)."""

import io
from pathlib import Path

import openpyxl
import pytest

from cases.models import CampaignPage
from tests import roles
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.browser.people import VIEWPORTS, fits_width, log_in, member, new_page

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path("/work/shots")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_open_the_figures_and_download_the_workbook(committed_demo, live_server, browser):
    campaign = CampaignPage.objects.get()
    received = campaign.cases.count()
    editor = member("editor", roles.EDITORS, "周", "敏")
    page = new_page(browser, VIEWPORTS["desktop"])
    log_in(page, live_server.url, editor)
    page.get_by_role("link", name="申报统计").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("申报统计")
    totals = page.locator(".figures__totals").inner_text()
    assert f"收到申报\n{received}" in totals
    assert page.locator("svg[role=img]").count() == 4
    assert page.locator("table.figures__table").count() == 4
    shoot_admin(page, "statistics-staff-1280")
    with page.expect_download() as caught:
        page.get_by_role("link", name="下载统计表（Excel）").click()
    download = caught.value
    assert download.suggested_filename == f"申报统计-{campaign.year}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book["总览"]["B2"].value == received
    assert list(book["按篇"].values)[-1] == ("合计", received)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", ["desktop", "phone"])
def test_the_public_sees_the_figures_of_a_closed_call(committed_demo, live_server, browser, name):
    campaign = CampaignPage.objects.get()
    viewport = VIEWPORTS[name]
    page = new_page(browser, viewport)
    page.goto(f"{live_server.url}/{campaign.slug}/statistics/")
    assert page.locator("h1").inner_text() == "申报统计"
    assert page.locator("svg[role=img]").count() == 4
    # Each chart's figures stand in the table beside it.
    first = page.locator(".figures__breakdown").first
    rows = first.locator("tbody tr").all_inner_texts()
    description = first.locator("svg desc").text_content()
    assert rows and all(r.split("\t")[0] in description for r in rows)
    assert fits_width(page, viewport["width"])
    shoot(page, f"statistics-public-{viewport['width']}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"statistics-public-{viewport['width']}.png"), full_page=True)
