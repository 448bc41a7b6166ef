"""An editor finds a late review in 评审期限 and hands it to another expert in two
clicks: 改派 on the overdue row, then the expert (issue 26); then gives that expert more
time with 改期 (a date picked, a past one refused)."""

import datetime
from pathlib import Path

import pytest
from django.core import mail

from cases.models import Assignment
from tests import roles
from tests.browser.conftest import needs_chromium, shoot_admin
from tests.browser.people import DESKTOP, log_in, member, new_page
from tests.factories import CampaignPageFactory, CasePageFactory, site_home

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path("/work/shots")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_late_assignment_is_reassigned_in_two_clicks(live_server, browser, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = CampaignPageFactory(parent=site_home())
    case = CasePageFactory(parent=campaign, title="楼道议事会", live=False)
    editor = member("editor", roles.EDITORS, "周", "敏")
    late = member("expert_late", roles.EXPERTS, "王", "伟")
    member("expert_new", roles.EXPERTS, "李", "娜")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Assignment.objects.create(case=case, expert=late, due_on=yesterday)

    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, editor)
    page.goto(live_server.url + "/admin/cases/assignment/")
    row = page.locator("tr", has=page.locator("[data-overdue]"))
    assert "已逾期 1 天" in row.inner_text()
    shoot_admin(page, "assignments-overdue-1280")
    page.screenshot(path=str(SHOTS / "assignments-overdue-1280.png"), full_page=True)
    mail.outbox.clear()
    row.get_by_role("link", name="改派").click()  # click 1
    page.wait_for_load_state()
    page.get_by_role("button", name="改派给 李娜").click()  # click 2
    page.wait_for_load_state()
    assert "已将“楼道议事会”改派给李娜" in page.locator(".messages").inner_text()
    assert page.url.endswith("/admin/cases/assignment/")
    assert list(Assignment.objects.values_list("expert__username", flat=True)) == ["expert_new"]
    assert not page.locator("[data-overdue]").count()

    # 改期: the new expert is given ten more days from the same row, by picking a date.
    row = page.locator("tr", has_text="楼道议事会")
    row.get_by_role("link", name="改期").click()
    page.wait_for_load_state()
    assert page.locator("#move-due").is_visible()
    field = page.get_by_label("新的评审截止日期")
    field.fill(yesterday.isoformat())
    page.get_by_role("button", name="改期并通知专家").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text() == "新的评审截止日期不能早于今天。"
    later = datetime.date.today() + datetime.timedelta(days=17)
    page.get_by_label("新的评审截止日期").fill(later.isoformat())
    shoot_admin(page, "assignments-move-due-1280")
    mail.outbox.clear()
    page.get_by_role("button", name="改期并通知专家").click()
    page.wait_for_load_state()
    day = f"{later.year}年{later.month}月{later.day}日"
    assert f"的评审截止日期改为{day}，已发邮件通知李娜" in page.locator(".messages").inner_text()
    assert day in page.locator("tr", has_text="楼道议事会").inner_text()
    assert Assignment.objects.get().due_on == later
    assert [m.to for m in mail.outbox] == [["expert_new@example.org"]]
