"""An applicant applies on a phone, then an expert scores the case in the admin.

Debian's chromium through Playwright, as in test_walkthrough.py.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from cases.fields.enums import OrganizationKind
from cases.models import Assignment, CasePage, ExpertReviewTask, FormatCheckTask
from cases.review.workflow import current_task_state
from tests import roles
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.cases.submission.apply_data import QUIET_TEXT, stamp_pdf
from tests.factories import CampaignPageFactory, section, site_home

SH = ZoneInfo("Asia/Shanghai")

TITLE = "依托社会组织 化解物业难题"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


def label(text):
    """A field's label as shown: the text, then the required-field star if any."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def write_files(tmp_path):
    """Two photo-sized JPEGs with detail and a tiny PDF of the stamped opinion."""
    gradient = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
    photos = []
    for i, image in enumerate((gradient, gradient.transpose(Image.Transpose.ROTATE_180)), 1):
        path = tmp_path / f"照片{i}.jpg"
        image.save(path, format="JPEG", quality=80)
        photos.append(path)
    stamp = tmp_path / "stamp.pdf"
    stamp.write_bytes(stamp_pdf())
    return photos, stamp


def fill_application(page, photos, stamp, email):
    page.get_by_label(label("案例名称")).fill(TITLE)
    page.get_by_label(label("篇")).select_option(label=section("mediation").name)
    page.get_by_label(label("参与主体")).select_option(index=0)
    page.get_by_label(label("街道/镇")).fill("彭浦镇")
    page.get_by_label(label("申报单位")).fill("新家园建设与合作事务所")
    page.get_by_label(label("申报单位类型")).select_option(label=OrganizationKind.MEDIATION.label)
    page.get_by_label(label("申报单位联系人")).fill("申报联系人甲")
    page.get_by_label(label("联系地址")).fill("静安区示例路1号")
    page.get_by_label(label("联系电话")).fill("021-55550101")
    page.get_by_label(label("手机")).fill("13900000101")
    page.get_by_label(label("电子邮箱")).fill(email)
    page.get_by_label(label("案例正文")).fill(QUIET_TEXT)
    for i, photo in enumerate(photos, start=1):
        page.get_by_label(label(f"照片{i}")).set_input_files(photo)
    page.get_by_label(label("照片1说明")).fill("与楼组长面对面沟通")
    page.get_by_label(label("照片2说明")).fill("法规政策培训现场")
    page.get_by_label(label("推荐单位")).fill("彭浦镇社区服务办公室")
    page.get_by_label(label("推荐单位意见")).fill("同意推荐。")
    page.get_by_label(label("推荐单位意见盖章扫描件")).set_input_files(stamp)
    page.get_by_label(label("推荐日期")).fill("2016-06-16")
    page.get_by_label(label("推荐单位联系人")).fill("推荐联系人乙")
    page.get_by_label(label("推荐单位联系电话")).fill("021-55550201")
    page.get_by_label(label("同意隐私声明")).check()


def assert_fits_width(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"page is {overflow}px wide on a {width}px screen"


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password="pw-" + username
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apply_on_phone_then_expert_review(live_server, browser, tmp_path, django_user_model):
    home = site_home()
    now = datetime.datetime.now(tz=SH)
    campaign = CampaignPageFactory(
        parent=home,
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_deadline=now + datetime.timedelta(days=10),
    )
    photos, stamp = write_files(tmp_path)

    # The applicant, on a phone, without an account.
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + campaign.url)
    assert "正在接受申报" in page.locator(".campaign__aside").inner_text()
    page.get_by_role("link", name="在线申报").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "在线申报：社会力量参与社区治理优秀案例申报表"
    fill_application(page, photos, stamp, email="abc")
    shoot(page, "apply-form-390")
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_load_state()

    summary = page.locator("#form-errors")
    assert summary.is_visible()
    assert "请修改以下 1 处问题后再提交" in summary.inner_text()
    assert summary.get_by_role("link", name="电子邮箱").count() == 1
    email_field = page.locator(".field--error").filter(has=page.locator("#id_contact_email"))
    assert email_field.count() == 1
    assert "电子邮箱" in email_field.locator("label").inner_text()
    error = email_field.locator(".field__errors li").inner_text().strip()
    assert error == "请输入合法的邮件地址。"
    assert f"电子邮箱：{error}" in summary.inner_text()
    # Focus on the summary; the field names its error and hint for a screen reader.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    described = page.locator("#id_contact_email").get_attribute("aria-describedby").split()
    spoken = " ".join(page.locator(f"#{ref}").inner_text() for ref in described)
    assert error in spoken
    assert page.locator(".field--error").count() == 1
    assert page.get_by_label(label("案例名称")).input_value() == TITLE
    assert page.get_by_label(label("电子邮箱")).input_value() == "abc"
    assert page.get_by_label(label("案例正文")).input_value() == QUIET_TEXT
    staged = page.locator(".staged").all_inner_texts()
    assert any(text.startswith("已上传：照片1（1800×1200 像素）") for text in staged), staged
    assert any(text.startswith("已上传：照片2（1800×1200 像素）") for text in staged), staged
    assert any("盖章扫描件已上传" in text for text in staged), staged
    assert_fits_width(page, PHONE["width"])
    shoot(page, "apply-errors-390")

    # Only the e-mail is corrected; the files are not chosen again.
    page.get_by_label(label("电子邮箱")).fill("applicant@example.org")
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_load_state()
    if page.get_by_text("提交前请确认以下提示").count():
        shoot(page, "apply-warnings-390")
        page.get_by_role("button", name="确认提交").click()
        page.wait_for_load_state()

    assert page.get_by_role("heading", name="申报成功").is_visible()
    number = page.locator(".receipt__number").inner_text().strip()
    assert number == "JA2016-001"  # the campaign's prefix, its first case
    receipt = page.locator(".receipt").inner_text()
    assert TITLE in receipt
    assert "新家园建设与合作事务所" in receipt
    assert_fits_width(page, PHONE["width"])
    shoot(page, "receipt-390")
    page.close()

    case = CasePage.objects.get(submission_number=number)
    assert case.photos.count() == 2

    # The editor passes 形式审查; the expert is assigned the case.
    editor = member(django_user_model, "editor", roles.EDITORS)
    expert = member(django_user_model, "expert", roles.EXPERTS)
    task_state = current_task_state(case)
    assert isinstance(task_state.task.specific, FormatCheckTask)
    task_state.approve(user=editor)
    case.refresh_from_db()
    assert isinstance(current_task_state(case).task.specific, ExpertReviewTask)
    Assignment.objects.create(case=case, expert=expert, assigned_by=editor)

    # The expert, at a desk, logs in and scores the case.
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("expert")
    page.locator("#id_password").fill("pw-expert")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + "/admin/cases/reviews/")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 1
    assert number in rows.first.inner_text()
    assert "待评审" in rows.first.inner_text()
    rows.first.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()

    assert TITLE in page.locator("h1").inner_text()
    assert "彭浦镇" in page.locator(".nice-padding").first.inner_text()
    assert page.locator("figure").count() == 2
    page.get_by_label("真实有效（满分 10）").fill("9")
    page.get_by_label("经验典型（满分 10）").fill("8")
    page.get_by_label("社会认同（满分 10）").fill("7")
    page.get_by_label("可读性（满分 10）").fill("10")
    page.get_by_label(label("评审意见")).fill("案例真实，做法可推广；建议补充成效数据。")
    page.get_by_label("入选", exact=True).check()
    shoot_admin(page, "review-form-1280")
    page.get_by_role("button", name="提交评审（提交后不能修改）").click()
    page.wait_for_load_state()

    content = page.locator("main").inner_text()
    assert "评审已提交" in content
    # 100 × (3×9/10 + 3×8/10 + 3×7/10 + 1×10/10) / 10
    assert "加权总分 82.00，推荐意见：入选" in content
    assert "案例真实，做法可推广；建议补充成效数据。" in content
    assert "其他专家尚未提交。" in content
    assert page.get_by_role("button", name="提交评审（提交后不能修改）").count() == 0
    shoot_admin(page, "review-submitted-1280")

    page.goto(live_server.url + "/admin/cases/reviews/")
    assert "已提交（82.00 分）" in page.locator("table.listing tbody tr").first.inner_text()
    page.close()
