"""A 区社联会 officer (申报代理) uploads a filled Word 申报表 in 导入申报表, reads the
import report and finds the case among 我的代理申报."""

from pathlib import Path

import pytest

from cases.models import Application
from tests.browser.conftest import needs_chromium, shoot_admin
from tests.browser.people import AGENTS, DESKTOP, click, log_in, member, new_page, open_campaign
from tests.factories import section

pytestmark = [pytest.mark.browser, needs_chromium]
WORD_FORM = (
    Path(__file__).resolve().parents[1]
    / "cases/submission/data/word_eval/w01_official_table_word.docx"
)
TITLE = "老公房加装电梯的协商之路"  # the form's 案例名称
ORGANIZATION = "上海市静安区睦邻家园社区服务社"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_imports_a_word_form(live_server, browser, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    campaign = open_campaign()
    officer = member("shelianhui", AGENTS, "周", "代理")

    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, officer)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="导入申报表").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/cases/import/")
    assert "以申报代理身份" in page.locator("main").inner_text()
    # Only the campaign taking submissions is offered.
    offered = page.get_by_label("征集活动").locator("option").all_inner_texts()
    assert [o.strip() for o in offered] == [campaign.title]
    page.get_by_label("篇").select_option(label=section("mediation").name)
    page.get_by_label("申报表文件").set_input_files(WORD_FORM)
    shoot_admin(page, "agent-import-upload-1280")
    click(page, "上传并提交")

    # The task ran at once (test settings): the report shows the file and its case.
    assert "/admin/cases/import/" in page.url
    status = page.locator(".import-status").inner_text()
    assert "已处理 1 / 1 个文件" in status and "成功导入 1 个" in status, status
    row = page.locator("table.listing tbody tr").filter(has_text=WORD_FORM.name)
    report = row.inner_text()
    assert f"JA2016-001 {TITLE}" in report and "案例正文共 1041 字" in report, report
    link = row.get_by_role("link")
    assert link.get_attribute("href").startswith("/apply/status/")
    shoot_admin(page, "agent-import-report-1280")

    application = Application.objects.select_related("case__organization").get()
    assert application.submitted_by == officer
    case = application.case
    assert case.title == TITLE and case.get_parent().specific == campaign
    assert case.category == section("mediation")

    page.get_by_role("link", name="我的代理申报").last.click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/cases/my-submissions/")
    row = page.locator("tbody tr").filter(has_text=case.submission_number)
    text = row.inner_text()
    assert TITLE in text and ORGANIZATION in text, text
    shoot_admin(page, "agent-import-my-submissions-1280")

    # 查看进度 opens the case's status page, as the applicant's receipt does.
    row.get_by_role("link", name="查看进度").click()
    page.wait_for_load_state()
    assert TITLE in page.locator("main").inner_text()
    page.context.close()
