"""An applicant, from the private status link in their receipt, downloads their 申报表 as
a PDF, looks at the photos they sent, then withdraws the case (撤回)."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from pypdf import PdfReader

from cases.models import CasePage
from tests.browser.conftest import needs_chromium, shoot
from tests.browser.test_accessibility import AXE, RUN_AXE
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos
from tests.cases.submission.test_apply import submit
from tests.factories import CampaignPageFactory, site_home

SH = ZoneInfo("Asia/Shanghai")

pytestmark = [pytest.mark.browser, needs_chromium]


def axe_findings(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE)
    return result["violations"] + result["review"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_applicant_downloads_the_pdf_and_withdraws(live_server, browser):
    now = datetime.datetime.now(tz=SH)
    campaign = CampaignPageFactory(
        parent=site_home(),
        submission_opens_at=now - datetime.timedelta(days=3),
        submission_deadline=now + datetime.timedelta(days=10),
        target_length=2000,
    )
    response = submit(Client(), campaign, with_photos(form_data(case_text=QUIET_TEXT)))
    assert response.status_code == 302
    status = live_server.url + response["Location"].split("?")[0]

    page = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page.goto(status)
    assert page.locator(".receipt__stage").inner_text() == "审稿中：形式审查"

    with page.expect_download() as info:
        page.get_by_role("link", name="下载申报表（PDF）").click()
    download = info.value
    assert download.suggested_filename == "申报表-JA2016-001.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    assert "JA2016-001" in text and "依托社会组织化解物业难题" in text

    photos = page.locator("#as-submitted img")
    assert photos.count() == 2
    photos.nth(1).scroll_into_view_if_needed()
    for i in range(2):
        assert photos.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.get_by_text("图2　法规政策培训现场").is_visible()
    shoot(page, "selfservice-status-390")
    assert axe_findings(page) == []

    page.get_by_role("link", name="撤回申报").click()
    assert page.get_by_role("heading", name="确认撤回申报").is_visible()
    assert axe_findings(page) == []
    page.get_by_role("link", name="不撤回，返回申报进度").click()
    assert page.url == status  # nothing happened on the way back
    assert CasePage.objects.get().application.withdrawn_at is None

    page.get_by_role("link", name="撤回申报").click()
    page.get_by_role("button", name="确认撤回").click()
    page.wait_for_url(status + "*")
    assert page.get_by_role("heading", name="本申报已撤回").is_visible()
    assert page.locator(".receipt__stage").inner_text() == "已撤回"
    assert page.get_by_role("link", name="撤回申报").count() == 0
    # The record stays: the PDF can still be downloaded.
    assert page.get_by_role("link", name="下载申报表（PDF）").is_visible()
    shoot(page, "selfservice-withdrawn-390")
    assert CasePage.objects.get().application.withdrawn_at is not None

    # The link lost: the page asks for the address and answers without naming a case.
    page.goto(live_server.url + campaign.url + "apply/")
    page.get_by_role("link", name="找回申报链接").click()
    assert axe_findings(page) == []
    page.get_by_label("申报时填写的联系人电子邮箱").fill("applicant@example.org")
    page.get_by_role("button", name="发送申报进度链接").click()
    assert page.get_by_role("heading", name="申请已受理").is_visible()
    assert "JA2016-001" not in page.content()
    assert axe_findings(page) == []
    shoot(page, "selfservice-recover-390")
    page.close()
