"""The people of the browser walks and what happened before their part: accounts,
and a submitted case an editor sent back (through the workflow, as the admin does)."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from PIL import Image

from cases.models import Application, CasePhoto
from cases.models.review import start_review
from cases.review.workflow import current_task_state
from cases.text.content import body_from_text, summary_from_text
from tests import roles
from tests.factories import (
    CampaignPageFactory,
    CasePageFactory,
    ImageFactory,
    OrganizationFactory,
    site_home,
)

SH = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
AGENTS = "申报代理"
TEXT = "\n".join(
    [
        "老旧小区的楼道里堆满杂物，居民为此常有争执。",
        "社区社会组织牵头成立楼道议事会，每月议一次事。",
        "一年下来，楼道清爽了，邻里之间也熟络了。",
    ]
)


def open_campaign():
    """A campaign taking submissions now (opened yesterday, ten days to go)."""
    now = datetime.datetime.now(tz=SH)
    return CampaignPageFactory(
        parent=site_home(),
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_deadline=now + datetime.timedelta(days=10),
    )


def member(username, group, family="", given=""):
    """An account in a group; its password is "pw-<username>"."""
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.org",
        password=f"pw-{username}",
        last_name=family,
        first_name=given,
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def new_page(browser, viewport):
    """A tab as a Chinese reader has it."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    return context.new_page()


def log_in(page, base_url, user):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(f"pw-{user.username}")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


def photo_file(path, turn=0):
    """A photo-sized JPEG with detail, as a camera would give (turned for a second one)."""
    image = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB").rotate(turn)
    image.save(path, format="JPEG", quality=80)
    return path


def case_sent_back(campaign, comment, captions=("居民议事会现场", "修缮后的楼道")):
    """A submitted case with photos and contacts, which 形式审查 sent back with `comment`."""
    organization = OrganizationFactory(name="新家园建设与合作事务所")
    case = CasePageFactory(
        parent=campaign,
        organization=organization,
        title="楼道里的议事会",
        live=False,
        submission_number="JA2016-007",
        submitted_on=datetime.date(2016, 6, 10),
        summary=summary_from_text(TEXT),
        body=body_from_text(TEXT),
    )
    case.photos = [CasePhoto(image=ImageFactory(), caption=caption) for caption in captions]
    case.save_revision()
    Application.objects.create(
        case=case,
        contact_name="申报联系人甲",
        contact_address="静安区示例路1号",
        contact_email="applicant@example.org",
        contact_mobile="13911112222",
    )
    start_review(case)
    editor = member("editor", roles.EDITORS, "王", "编辑")
    current_task_state(case).reject(user=editor, comment=comment)
    return case


def label(text):
    """A field's label as shown: the text, then the required-field star if any."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def application_files(folder):
    """Two photos and the stamped opinion as a scanner gives it (PDF)."""
    from tests.cases.submission.apply_data import stamp_pdf

    photos = [photo_file(folder / "照片1.jpg"), photo_file(folder / "照片2.jpg", turn=180)]
    stamp = folder / "推荐意见.pdf"
    stamp.write_bytes(stamp_pdf())
    return photos, stamp


# What an applicant types, field by field (the organisation apart: an officer chooses it).
ENTRIES = {
    "案例名称": "楼道里的议事会",
    "街道/镇": "彭浦镇",
    "申报单位联系人": "申报联系人甲",
    "联系地址": "静安区示例路1号",
    "联系电话": "021-55550101",
    "手机": "13900000101",
    "电子邮箱": "applicant@example.org",
    "推荐单位": "彭浦镇社区服务办公室",
    "推荐单位意见": "同意推荐。",
    "推荐日期": "2016-06-16",
    "推荐单位联系人": "推荐联系人乙",
    "推荐单位联系电话": "021-55550201",
}


def fill_application(page, photos, stamp, skip=(), **changes):
    """Fills the apply form as a person does, field by field; `skip` leaves fields as
    they are (filled earlier, or left out on purpose), `changes` types other values."""
    from cases.fields.enums import OrganizationKind
    from tests.cases.submission.apply_data import QUIET_TEXT
    from tests.factories import section

    entries = {
        **ENTRIES,
        "申报单位": "新家园建设与合作事务所",
        "案例正文": QUIET_TEXT,
        "照片1说明": "与楼组长面对面沟通",
        "照片2说明": "法规政策培训现场",
        **changes,
    }
    choices = {
        "篇": ("label", section("mediation").name),
        "申报单位类型": ("label", OrganizationKind.MEDIATION.label),
    }
    for name, (how, value) in choices.items():
        if name not in skip:
            page.get_by_label(label(name)).select_option(**{how: value})
    for name, value in entries.items():
        if name not in skip:
            page.get_by_label(label(name)).fill(value)
    for i, photo in enumerate(photos, start=1):
        if f"照片{i}" not in skip:
            page.get_by_label(label(f"照片{i}")).set_input_files(photo)
    if "推荐单位意见盖章扫描件" not in skip:
        page.get_by_label(label("推荐单位意见盖章扫描件")).set_input_files(stamp)
    if "同意隐私声明" not in skip:
        page.get_by_label(label("同意隐私声明")).check()


def click(page, name):
    """Clicks a button by its name and waits for the page it leads to."""
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def submit_application(page):
    """提交申报, then 确认提交 if the form shows its warnings first."""
    click(page, "提交申报")
    if page.get_by_role("button", name="确认提交").count():
        click(page, "确认提交")


def fits_width(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width
