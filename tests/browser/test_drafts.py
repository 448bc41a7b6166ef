"""The apply page in a real browser: an applicant applies online in one go; another
saves a half-filled form as a draft, comes back days later from the private link (a
new browser session, as from the e-mail), changes it, saves it again, submits with a
mistake, corrects it and is through; at 1280 and 390 px."""

import re

import pytest

from cases.models import ApplicationDraft, CasePage
from tests.browser.conftest import needs_chromium, shoot
from tests.browser.people import (
    VIEWPORTS,
    application_files,
    click,
    fill_application,
    fits_width,
    label,
    new_page,
    open_campaign,
    submit_application,
)

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apply_online_then_follow_the_link_in_the_receipt(
    live_server, browser, tmp_path, settings, mailoutbox
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    campaign = open_campaign()
    photos, stamp = application_files(tmp_path)
    page = new_page(browser, VIEWPORTS["desktop"])
    page.goto(live_server.url + campaign.url)
    page.get_by_role("link", name="在线申报").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "在线申报：社会力量参与社区治理优秀案例申报表"
    fill_application(page, photos, stamp)
    submit_application(page)
    assert page.get_by_role("heading", name="申报成功").is_visible()
    assert page.locator(".receipt__number").inner_text() == "JA2016-001"
    assert page.locator(".receipt__title").inner_text() == "楼道里的议事会"
    shoot(page, "apply-submitted-1280")
    page.context.close()

    [receipt] = [m for m in mailoutbox if "申报回执" in m.subject]
    assert receipt.to == ["applicant@example.org"]
    link = re.search(r"http://\S+/apply/status/\S+/", receipt.body).group()
    page = new_page(browser, VIEWPORTS["desktop"])
    page.goto(link)
    assert page.locator(".receipt__stage").inner_text() == "审稿中：形式审查"
    page.context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_save_a_draft_reopen_it_change_and_submit(
    live_server, browser, tmp_path, settings, mailoutbox, device
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # links in pages and e-mails
    viewport = VIEWPORTS[device]
    campaign = open_campaign()
    photos, stamp = application_files(tmp_path)

    # Day one: the title, an address to send the link to and the first photo.
    page = new_page(browser, viewport)
    page.goto(live_server.url + campaign.url)
    page.get_by_role("link", name="在线申报").click()
    page.wait_for_load_state()
    page.get_by_label(label("案例名称")).fill("楼道里的议事会")
    page.get_by_label(label("电子邮箱")).fill("applicant@example.org")
    page.get_by_label(label("照片1")).set_input_files(photos[0])
    page.get_by_label(label("照片1说明")).fill("与楼组长面对面沟通")
    click(page, "保存草稿")
    notice = page.locator("#draft-notice")
    assert "草稿已保存" in notice.inner_text()
    assert "已发送到 applicant@example.org" in notice.inner_text()
    assert page.locator("#form-errors").count() == 0  # unfinished is not wrong
    link = notice.get_by_role("link").get_attribute("href")
    assert link.startswith(live_server.url + campaign.url + "apply/draft/")
    [sent] = [m for m in mailoutbox if "申报草稿" in m.subject]
    assert link in sent.body and sent.to == ["applicant@example.org"]
    shoot(page, f"draft-saved-{viewport['width']}")
    page.context.close()

    # Days later, from the e-mail: a new session opens the link.
    page = new_page(browser, viewport)
    page.goto(link)
    assert "继续填写草稿" in page.locator("#draft-notice").inner_text()
    assert page.get_by_label(label("案例名称")).input_value() == "楼道里的议事会"
    assert "已上传：照片1（1800×1200 像素）" in page.locator(".staged").first.inner_text()
    page.get_by_label(label("案例名称")).fill("楼道议事会：从吵架到商量")
    click(page, "保存草稿")
    assert page.url == link  # the private link stays in the address bar
    assert "草稿已保存" in page.locator("#draft-notice").inner_text()
    assert page.get_by_label(label("案例名称")).input_value() == "楼道议事会：从吵架到商量"
    assert ApplicationDraft.objects.get().version == 2

    # Everything else filled in but the contact's address: sent back, nothing lost.
    fill_application(
        page, photos, stamp, skip=("案例名称", "照片1", "电子邮箱", "照片1说明", "联系地址")
    )
    page.get_by_label(label("联系地址")).fill("")
    click(page, "提交申报")
    summary = page.locator("#form-errors")
    assert "请修改以下 1 处问题后再提交" in summary.inner_text()
    assert summary.get_by_role("link", name="联系地址").count() == 1
    assert page.get_by_label(label("案例名称")).input_value() == "楼道议事会：从吵架到商量"
    assert page.get_by_label(label("推荐单位意见")).input_value() == "同意推荐。"
    assert page.get_by_label(label("同意隐私声明")).is_checked()
    staged = " ".join(page.locator(".staged").all_inner_texts())
    assert "已上传：照片1" in staged and "已上传：照片2" in staged and "盖章扫描件已上传" in staged
    assert fits_width(page, viewport["width"])
    shoot(page, f"draft-errors-{viewport['width']}")

    page.get_by_label(label("联系地址")).fill("静安区示例路1号")
    submit_application(page)
    assert page.get_by_role("heading", name="申报成功").is_visible()
    receipt = page.locator(".receipt").inner_text()
    assert "楼道议事会：从吵架到商量" in receipt and "JA2016-001" in receipt
    shoot(page, f"draft-submitted-{viewport['width']}")
    case = CasePage.objects.get()
    assert [p.caption for p in case.photos.all()] == ["与楼组长面对面沟通", "法规政策培训现场"]
    assert not ApplicationDraft.objects.exists()

    # The link now says where the case went.
    page.goto(link)
    assert page.get_by_role("heading", name="这份草稿已经提交").is_visible()
    page.context.close()
