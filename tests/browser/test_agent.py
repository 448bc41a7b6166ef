"""A 区社联会 officer (申报代理) logs in, chooses the organisation to submit for, sees
the form headed 代“单位”申报, applies online and finds the case in 我的代理申报."""

import pytest

from cases.models import CasePage
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.browser.people import (
    AGENTS,
    DESKTOP,
    application_files,
    click,
    fill_application,
    label,
    log_in,
    member,
    new_page,
    open_campaign,
    submit_application,
)
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, needs_chromium]
HEADING = "代“彭浦镇睦邻服务社”申报：社会力量参与社区治理优秀案例申报表"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_applies_for_an_organisation(live_server, browser, tmp_path, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    campaign = open_campaign()
    OrganizationFactory(name="彭浦镇睦邻服务社", kind="mediation", street="彭浦镇")
    officer = member("shelianhui", AGENTS, "周", "代理")
    photos, stamp = application_files(tmp_path)

    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, officer)
    page.goto(live_server.url + campaign.url)
    page.get_by_role("link", name="在线申报").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "代申报单位申报：社会力量参与社区治理优秀案例申报表"
    assert "申报代理：周代理" in page.locator("#agent-notice").inner_text()

    page.get_by_label("代哪个单位申报").fill("彭浦镇睦邻服务社")
    click(page, "代这个单位申报")
    assert page.locator("h1").inner_text() == HEADING
    assert page.get_by_label(label("申报单位")).input_value() == "彭浦镇睦邻服务社"
    assert page.get_by_label(label("街道/镇")).input_value() == "彭浦镇"
    fill_application(page, photos, stamp, skip=("申报单位", "申报单位类型", "街道/镇"))
    shoot(page, "agent-form-1280")
    submit_application(page)

    assert page.get_by_role("heading", name="申报成功").is_visible()
    receipt = page.locator(".receipt").inner_text()
    assert "彭浦镇睦邻服务社" in receipt and "楼道里的议事会" in receipt
    number = page.locator(".receipt__number").inner_text().strip()
    case = CasePage.objects.get(submission_number=number)
    assert case.application.submitted_by == officer
    assert case.organization.street == "彭浦镇"

    page.goto(live_server.url + "/admin/cases/my-submissions/")
    row = page.locator("tbody tr").filter(has_text=number)
    assert "楼道里的议事会" in row.inner_text() and "彭浦镇睦邻服务社" in row.inner_text()
    shoot_admin(page, "agent-my-submissions-1280")
    page.context.close()
