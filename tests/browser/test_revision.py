"""An editor sent a case back; the applicant revises it online from the status link:
text, contacts and a photo, a mistake first, then 重新提交; the status page shows the
new title; the editor's page history names the applicant and every change."""

import pytest

from cases.mail.links import status_path
from cases.models import CasePage
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.browser.people import (
    VIEWPORTS,
    case_sent_back,
    click,
    fits_width,
    label,
    log_in,
    member,
    new_page,
    open_campaign,
    photo_file,
)

pytestmark = [pytest.mark.browser, needs_chromium]
NEW_TEXT = "\n".join(
    [
        "老旧小区的楼道里堆满杂物，居民为此常有争执。",
        "社区社会组织牵头成立楼道议事会，每月议一次事。",
        "两年来共调解楼道纠纷一百二十起，九成以上当场化解。",
    ]
)


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_revise_online_and_resubmit(live_server, browser, tmp_path, settings, mailoutbox, device):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    viewport = VIEWPORTS[device]
    comment = "请补充成效数据；第二张照片太暗，请更换；联系地址请写到门牌号。"
    case = case_sent_back(open_campaign(), comment)
    new_photo = photo_file(tmp_path / "楼道白天.jpg")

    # The applicant follows the status link from the e-mail.
    page = new_page(browser, viewport)
    page.goto(live_server.url + status_path(case))
    assert page.locator(".receipt__stage").inner_text() == "需要修改"
    assert "第二张照片太暗" in page.locator("#changes-heading + p").inner_text()
    page.get_by_role("link", name="在线修改并重新提交").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "在线修改：JA2016-007"

    page.get_by_label(label("案例名称")).fill("楼道议事会：从吵架到商量")
    page.get_by_label(label("案例正文")).fill(NEW_TEXT)
    page.get_by_label(label("联系地址")).fill("静安区示例路1号3单元201室")
    page.get_by_label(label("手机")).fill("13900000101")
    current = page.locator(".photo-row--current")
    assert current.count() == 2
    current.nth(1).get_by_label("保留这张照片").uncheck()
    page.get_by_text("添加或更换照片").click()
    page.get_by_label(label("新照片1")).set_input_files(new_photo)
    # The new photo's caption is forgotten: the form says so and keeps the rest.
    click(page, "重新提交")
    errors = page.locator("#form-errors")
    assert "请修改以下 1 处问题后再提交" in errors.inner_text()
    assert "新照片1说明：请为这张照片写一句说明" in errors.inner_text()
    assert errors.get_by_role("link", name="新照片1说明").count() == 1
    caption = page.locator(".field--error").filter(has=page.locator("#id_new_caption_1"))
    assert "请为这张照片写一句说明" in caption.inner_text()
    assert page.get_by_label(label("案例名称")).input_value() == "楼道议事会：从吵架到商量"
    assert page.get_by_label(label("联系地址")).input_value() == "静安区示例路1号3单元201室"
    assert page.get_by_label(label("案例正文")).input_value().strip() == NEW_TEXT
    current = page.locator(".photo-row--current")
    assert current.nth(0).get_by_label("保留这张照片").is_checked()
    assert not current.nth(1).get_by_label("保留这张照片").is_checked()
    assert "已上传：新照片1（1800×1200 像素）" in page.locator(".staged").inner_text()
    assert fits_width(page, viewport["width"])
    shoot(page, f"revise-errors-{viewport['width']}")

    page.get_by_label(label("新照片1说明")).fill("修缮后的楼道（白天）")
    click(page, "重新提交")
    assert page.get_by_role("heading", name="修改稿已重新提交").is_visible()
    assert page.locator(".receipt__title").inner_text() == "楼道议事会：从吵架到商量"
    assert page.locator(".receipt__stage").inner_text() == "审稿中：形式审查"
    assert page.get_by_role("link", name="在线修改并重新提交").count() == 0
    shoot(page, f"revise-done-{viewport['width']}")
    page.context.close()
    [receipt] = [m for m in mailoutbox if "修改稿回执" in m.subject]
    assert receipt.subject == "【修改稿回执】JA2016-007 楼道议事会：从吵架到商量"
    assert "修改内容：案例名称、案例正文、照片、联系地址、手机" in receipt.body

    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert [p.caption for p in latest.photos.all()] == ["居民议事会现场", "修缮后的楼道（白天）"]
    if device == "phone":
        return

    # The editor reads what changed, and who changed it, in the page history.
    editor = member("chief", "编辑", "李", "主编")
    page = new_page(browser, viewport)
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/pages/{case.pk}/history/")
    row = page.locator("tbody tr").filter(has_text="申报人在线修改并重新提交")
    text = row.inner_text()
    assert "申报人（新家园建设与合作事务所）" in text
    assert "联系地址：“静安区示例路1号3单元201室”" in text
    assert "照片：“修缮后的楼道”" in text and "照片（新上传）：“修缮后的楼道（白天）”" in text
    assert "一百二十起" in text and "……" not in text
    shoot_admin(page, "revise-history-1280")
    page.context.close()
