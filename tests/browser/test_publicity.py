"""The 公示 walked as people do it: an editor opens it from the 终审's selection, a visitor
reads the list at a desk and on a phone and raises two objections, the editor upholds one
(核实后撤销入选) and rejects the other, the result announcement after the end leaves the
withdrawn case out, and a 后续通知 published in the admin reaches the campaign page and
its feed."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import Decision
from publicity.models import Objection, Publicity
from tests import roles
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.browser.people import (
    DESKTOP,
    PHONE,
    fits_width,
    log_in,
    member,
    new_page,
    open_campaign,
)
from tests.factories import CasePageFactory, OrganizationFactory, section

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path("/work/shots")
CASES = [
    ("楼道议事会让老小区焕新", "静安寺街道楼道自治促进会"),
    ("邻里食堂温暖独居老人", "江宁路街道睦邻中心"),
    ("青年志愿者守护社区花园", "南京西路街道绿色家园服务社"),
]
TITLE = "2016年社区治理优秀案例拟入选名单公示"


def _selected(campaign):
    for title, org in CASES:
        case = CasePageFactory(
            parent=campaign,
            title=title,
            organization=OrganizationFactory(name=org),
            category=section("life-service"),
            live=True,
        )
        Decision.record(case, True)


def _screenshot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    shoot(page, name)


def _object(page, base, case_title, reason, name):
    page.goto(base)
    page.get_by_role("row").filter(has_text=case_title).get_by_role("link", name="提出异议").click()
    page.wait_for_load_state()
    assert page.locator("#id_entry option:checked").inner_text() == case_title
    page.locator("#id_reason").fill(reason)
    page.locator("#id_name").fill(name)
    page.locator("#id_phone").fill("13900001111")
    page.locator("#id_email").fill("objector@example.org")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_load_state()
    assert "异议已提交" in page.locator("main").inner_text()
    assert "已收到，待处理" in page.locator("main").inner_text()


def _handle(page, url, case_title, status, note):
    page.goto(url + "admin/snippets/publicity/objection/")
    page.get_by_role("link", name=f"对“{case_title}”的异议").click()
    page.wait_for_load_state()
    assert "objector@example.org" in page.locator("main").inner_text()  # editors see who
    page.locator("#id_status").select_option(label=status)
    page.locator("#id_handling_note").fill(note)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publicity_objections_result_and_announcement(live_server, browser, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    campaign = open_campaign()
    _selected(campaign)
    editor = member("editor", roles.EDITORS, "王", "编辑")
    url = live_server.url + "/"

    # The editor opens the 公示 from the selection in the admin.
    staff = new_page(browser, DESKTOP)
    log_in(staff, live_server.url, editor)
    staff.goto(url + "admin/snippets/publicity/publicity/add/")
    staff.locator("#id_campaign").select_option(label=campaign.title)
    staff.locator("#id_title").fill(TITLE)
    staff.locator("#id_intro").fill("经评审，以下案例拟入选优秀案例汇编，现予公示。")
    staff.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    staff.locator("#id_starts_on").press("Escape")  # the date picker's pop-up
    staff.locator("#id_working_days").fill("5")
    staff.locator("#id_contact").fill("静安区社会组织联合会 电话 62000000")
    staff.locator(".xdsoft_datetimepicker").evaluate_all("els => els.forEach(e => e.remove())")
    staff.get_by_role("button", name="保存", exact=True).click()
    staff.wait_for_load_state()
    publicity = Publicity.objects.get()
    assert publicity.entries.count() == 3 and publicity.opened_by == editor
    shoot_admin(staff, "publicity-admin-list-1280")

    # A visitor finds it on the campaign page and reads the list at a desk and on a phone.
    visitor = new_page(browser, DESKTOP)
    visitor.goto(url + campaign.slug + "/")
    visitor.get_by_role("link", name=TITLE).click()
    visitor.wait_for_load_state()
    public = visitor.url
    text = visitor.locator("main").inner_text()
    for title, org in CASES:
        assert title in text and org in text
    assert "个工作日" in text and "公示中" in text
    _screenshot(visitor, "publicity-desktop-1280")
    phone = new_page(browser, PHONE)
    phone.goto(public)
    assert fits_width(phone, PHONE["width"])
    assert CASES[2][0] in phone.locator("main").inner_text()
    _screenshot(phone, "publicity-phone-390")

    # Two objections, through the form.
    _object(visitor, public, CASES[0][0], "活动照片与另一个单位的材料相同。", "李异议")
    _object(visitor, public, CASES[1][0], "我觉得不够好。", "赵某")
    assert Objection.objects.count() == 2

    # The editor upholds one and rejects the other.
    _handle(staff, url, CASES[0][0], "核实后撤销入选", "经核实，照片系他人作品")
    _handle(staff, url, CASES[1][0], "不予受理", "未提出具体事实")
    assert sorted(Objection.objects.values_list("status", flat=True)) == [
        "not_accepted",
        "withdrawn",
    ]
    shoot_admin(staff, "publicity-objections-1280")

    # The period ends (moved into the past); the editor publishes the result.
    start = timezone.localdate() - datetime.timedelta(days=30)
    publicity.starts_on = start
    publicity.save()
    staff.goto(url + f"admin/snippets/publicity/publicity/edit/{publicity.pk}/")
    staff.locator("#id_result_note").fill("其余案例确定入选。")
    staff.locator("#id_publish_result").check()
    staff.locator(".xdsoft_datetimepicker").evaluate_all("els => els.forEach(e => e.remove())")
    staff.get_by_role("button", name="保存", exact=True).click()
    staff.wait_for_load_state()
    publicity.refresh_from_db()
    assert publicity.result_published_at is not None
    visitor.goto(public)
    text = visitor.locator("main").inner_text()
    assert "结果公告" in text and "撤销 1 个案例的入选资格" in text
    assert CASES[0][0] not in text
    assert CASES[1][0] in text and CASES[2][0] in text
    _screenshot(visitor, "publicity-result-1280")

    # A 后续通知, written and published in the admin, on the campaign page and in the feed.
    staff.goto(url + f"admin/pages/add/publicity/announcementpage/{campaign.pk}/")
    staff.locator("#id_title").fill("关于优秀案例汇编发放的通知")
    staff.locator("#id_summary").fill("汇编将在公益伙伴日活动现场发放。")
    staff.locator("footer .w-dropdown__toggle").first.click()
    staff.get_by_role("button", name="发布", exact=True).click()
    staff.wait_for_load_state()
    visitor.goto(url + campaign.slug + "/")
    visitor.get_by_role("link", name="关于优秀案例汇编发放的通知").click()
    visitor.wait_for_load_state()
    assert "关于优秀案例汇编发放的通知" in visitor.locator("h1").inner_text()
    feed = visitor.request.get(url + campaign.slug + "/notices/rss/")
    assert "关于优秀案例汇编发放的通知" in feed.text()
    assert re.search(r"<link>http://[^<]+/关于|<link>http://[^<]+</link>", feed.text())
