"""One campaign after the experts, walked in Chromium as its people click it (issue 25):
the 终审 approver approves three cases in the admin; staff open the 公示 from them; a
visitor reads the list at a desk and on a phone and raises two objections; the editor
upholds one (the case leaves the list and the book, its reason shown) and rejects the
other; after the end staff publish the 结果公告, which the visitor reads without the
withdrawn case; staff send the remaining cases to the city level (the task backend builds
the package, then the exhibition sheets) and download both."""

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases.models import CasePage, CasePhoto
from promotion.models import CityPackage
from publicity.models import Objection, Publicity
from tests import roles
from tests.browser.conftest import needs_chromium, shoot_admin
from tests.browser.people import DESKTOP, PHONE, fits_width, log_in, member, new_page, open_campaign
from tests.browser.test_final_approval import case_at_final_approval
from tests.browser.test_publicity import _handle, _object, _screenshot
from tests.promotion.conftest import photo

pytestmark = [pytest.mark.browser, needs_chromium]
TITLE = "2016年社区治理优秀案例拟入选名单公示"
# (title, number, organisation); the first is withdrawn after an objection, the second's
# objection is refused.
CASES = [
    ("楼道议事会让老小区焕新", "JA2016-021", "静安寺街道楼道自治促进会"),
    ("邻里食堂温暖独居老人", "JA2016-022", "江宁路街道睦邻中心"),
    ("青年志愿者守护社区花园", "JA2016-023", "南京西路街道绿色家园服务社"),
]
WITHDRAWN, REFUSED, KEPT = (title for title, _, _ in CASES)
UPHELD_NOTE = "经核实，照片系他人作品"


def _cases_at_final_approval(campaign, editor):
    """The three cases waiting at 终审, each with two photos in its latest revision."""
    cases = []
    for title, number, organization in CASES:
        case = case_at_final_approval(campaign, editor, title, number, organization)
        case = CasePage.objects.get(pk=case.pk)
        case.photos = [
            CasePhoto(image=photo(f"{title}现场", 3000, 2000), caption="居民议事现场"),
            CasePhoto(image=photo(f"{title}成果", 3000, 2000), caption="改造后的楼道"),
        ]
        case.save_revision(user=editor)
        cases.append(case)
    return cases


def _approve(page, base, title):
    """The approver takes the case from the dashboard and approves it (批准 和发布)."""
    page.goto(base + "/admin/")
    panel = page.locator("section").filter(has=page.get_by_role("heading", name="等待你的审查"))
    panel.get_by_role("link", name=title, exact=True).click()
    page.wait_for_load_state()
    assert "终审通过后，本案例将收入汇编。" in page.locator("main").inner_text()
    page.locator("footer .w-dropdown__toggle").click()
    page.get_by_role("button", name="批准 和发布", exact=True).click()
    page.wait_for_load_state()
    assert f"页面“{title}”已被更新。" in page.locator(".messages").inner_text()


def _no_datepicker(page):
    """The admin's date pickers pop up over the save button."""
    page.locator(".xdsoft_datetimepicker").evaluate_all("els => els.forEach(e => e.remove())")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_campaign_from_final_approval_to_the_exhibition_sheets(live_server, browser, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    base = live_server.url
    url = base + "/"
    editor = member("editor", roles.EDITORS, "王", "编辑")
    approver = member("approver", roles.APPROVERS, "李", "终审")
    campaign = open_campaign()
    cases = _cases_at_final_approval(campaign, editor)

    # 终审: the approver approves each case from the dashboard; each goes live, selected.
    desk = new_page(browser, DESKTOP)
    log_in(desk, base, approver)
    for title, _, _ in CASES:
        _approve(desk, base, title)
    panel = desk.locator("section").filter(has=desk.get_by_role("heading", name="等待你的审查"))
    assert not panel.count() or not panel.get_by_role("link", name=KEPT).count()
    for case in cases:
        case = CasePage.objects.get(pk=case.pk)
        assert case.live and case.selected_for_compilation
        assert case.photos.count() == 2

    # Staff open the 公示 from the approved cases.
    staff = new_page(browser, DESKTOP)
    log_in(staff, base, editor)
    staff.goto(url + "admin/snippets/publicity/publicity/add/")
    staff.locator("#id_campaign").select_option(label=campaign.title)
    staff.locator("#id_title").fill(TITLE)
    staff.locator("#id_intro").fill("经评审，以下案例拟入选优秀案例汇编，现予公示。")
    staff.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    staff.locator("#id_starts_on").press("Escape")
    staff.locator("#id_working_days").fill("5")
    staff.locator("#id_contact").fill("静安区社会组织联合会 电话 62000000")
    _no_datepicker(staff)
    staff.get_by_role("button", name="保存", exact=True).click()
    staff.wait_for_load_state()
    publicity = Publicity.objects.get()
    assert [e.case.title for e in publicity.entries.order_by("sort_order")] == [
        WITHDRAWN,
        REFUSED,
        KEPT,
    ]

    # A visitor finds it on the campaign page and reads it at a desk and on a phone.
    visitor = new_page(browser, DESKTOP)
    visitor.goto(url + campaign.slug + "/")
    visitor.get_by_role("link", name=TITLE).click()
    visitor.wait_for_load_state()
    public = visitor.url
    text = visitor.locator("main").inner_text()
    for title, _, organization in CASES:
        assert title in text and organization in text
    assert "公示中" in text and "个工作日" in text
    assert "applicant@example.org" not in text and "申报联系人甲" not in text
    _screenshot(visitor, "after-selection-publicity-1280")
    phone = new_page(browser, PHONE)
    phone.goto(public)
    assert fits_width(phone, PHONE["width"])
    assert all(title in phone.locator("main").inner_text() for title in (WITHDRAWN, KEPT))
    _screenshot(phone, "after-selection-publicity-390")

    # Two objections through the form; the editor upholds one and refuses the other.
    _object(visitor, public, WITHDRAWN, "活动照片与另一个单位的材料相同。", "李异议")
    _object(visitor, public, REFUSED, "我觉得不够好。", "赵某")
    assert Objection.objects.count() == 2
    _handle(staff, url, WITHDRAWN, "核实后撤销入选", UPHELD_NOTE)
    _handle(staff, url, REFUSED, "不予受理", "未提出具体事实")
    assert sorted(Objection.objects.values_list("status", flat=True)) == [
        "not_accepted",
        "withdrawn",
    ]
    # The withdrawn case is off the list at once, and its editor page says why.
    visitor.goto(public)
    text = visitor.locator("main").inner_text()
    assert WITHDRAWN not in text and REFUSED in text and KEPT in text
    staff.goto(url + f"admin/pages/{cases[0].pk}/edit/")
    assert (
        f"本案例入选汇编，但汇编不会收入：公示期间经核实撤销入选：{UPHELD_NOTE}。"
        in staff.locator("main").inner_text()
    )
    shoot_admin(staff, "after-selection-withdrawn-1280")

    # The period is over (moved into the past); staff publish the 结果公告.
    publicity.starts_on = timezone.localdate() - timedelta(days=30)
    publicity.save()
    visitor.goto(public)
    assert "公示中" not in visitor.locator("main").inner_text()
    staff.goto(url + f"admin/snippets/publicity/publicity/edit/{publicity.pk}/")
    staff.locator("#id_result_note").fill("其余案例确定入选。")
    staff.locator("#id_publish_result").check()
    _no_datepicker(staff)
    staff.get_by_role("button", name="保存", exact=True).click()
    staff.wait_for_load_state()
    publicity.refresh_from_db()
    assert publicity.result_published_at is not None
    visitor.goto(public)
    text = visitor.locator("main").inner_text()
    assert "结果公告" in text
    assert "公示期间共收到异议 2 件" in text and "撤销 1 个案例的入选资格" in text
    assert "以下 2 个案例确定入选" in text
    assert WITHDRAWN not in text and REFUSED in text and KEPT in text
    _screenshot(visitor, "after-selection-result-1280")

    # 推荐市级: only the remaining cases may be chosen; the task backend builds the package.
    staff.goto(url + "admin/")
    staff.get_by_role("link", name="推荐市级与展板").click()
    staff.get_by_role("heading", name="选择推荐市级的案例").wait_for()
    rows = staff.locator("#city-form tbody tr").all_inner_texts()
    assert len(rows) == 2 and not any(WITHDRAWN in row for row in rows)
    staff.get_by_label(REFUSED).check()
    staff.get_by_label(KEPT).check()
    shoot_admin(staff, "after-selection-city-choose-1280")
    staff.get_by_role("button", name="生成推荐材料包").click()
    staff.locator(".package-status").filter(has_text="已完成：进度 100%").wait_for(timeout=60_000)
    assert staff.locator(".package-cases li").all_inner_texts() == [
        f"JA2016-022 {REFUSED}",
        f"JA2016-023 {KEPT}",
    ]
    assert CityPackage.objects.get().status == CityPackage.Status.SUCCEEDED
    with staff.expect_download() as info:
        staff.get_by_role("link", name="下载推荐材料包").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    names = archive.namelist()
    assert archive.testzip() is None
    assert {n.split("/")[0] for n in names if "/" in n} == {f"01-{REFUSED}", f"02-{KEPT}"}
    assert not any(WITHDRAWN in name for name in names)
    assert "推荐案例汇总表.xlsx" in names
    assert any(re.match(rf"02-{KEPT}/照片/图1-居民议事现场\.jpg$", n) for n in names)

    # The exhibition sheets, none ticked: every remaining case, one A2 page each.
    staff.get_by_role("link", name="返回推荐市级与展板").click()
    staff.get_by_role("heading", name="选择推荐市级的案例").wait_for()
    staff.get_by_role("button", name="生成展板PDF").click()
    staff.locator(".package-status").filter(has_text="已完成：进度 100%").wait_for(timeout=60_000)
    shoot_admin(staff, "after-selection-sheets-job-1280")
    with staff.expect_download() as info:
        staff.get_by_role("link", name="下载展板PDF").click()
    sheets = Path("/work/shots/after-selection-sheets.pdf")
    sheets.write_bytes(Path(info.value.path()).read_bytes())
    reader = PdfReader(sheets)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 2
    assert REFUSED in pages[0] and KEPT in pages[1]
    assert not any(WITHDRAWN in page for page in pages)
