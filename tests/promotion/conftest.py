"""A campaign after 终审: three cases selected (one with a book), one not, with every
private field of the 申报表 filled with values the tests look for."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cases.fields.application_form import NAMES
from cases.models import Application, CasePhoto, CompilationPage, Decision
from tests import roles
from tests.cases.review.conftest import member
from tests.factories import CasePageFactory, OrganizationFactory, section

TEXT = (
    "2014年起，居委会联合社会组织在小区里开设“邻里议事厅，大家的事大家商量”，每月召开一次，"
    "居民代表、业委会、物业公司三方坐在一起商量事情，共解决停车、绿化等问题37件，"
    "服务居民1200余户，居民满意度达到96.5%。"
)
# A value per private field that appears nowhere else, so its absence can be asserted.
PRIVATE = {name: f"秘{index:02d}号" for index, name in enumerate(NAMES)}
PRIVATE["contact_email"] = "applicant@example.org"
PRIVATE["recommender_email"] = "recommender@example.org"
PRIVATE.pop("recommended_on")


def photo(caption, width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 190)).save(buffer, "JPEG", quality=80)
    image = get_image_model()(title=caption)
    image.file = ImageFile(ContentFile(buffer.getvalue()), name="photo.jpg")
    image.save()
    return image


def selected_case(campaign, title, slug, number, captions, sizes=((3000, 2500), (900, 600))):
    case = CasePageFactory(
        parent=campaign,
        title=title,
        slug=slug,
        campaign=campaign,
        submission_number=f"JA2016-{number:03d}",
        organization=OrganizationFactory(name=f"{title}的社会组织"),
        category=section("life-service"),
        summary="居民自己商量小区的事。",
        body=[
            ("heading", {"text": "小区里的难题", "level": "h2"}),
            ("paragraph", RichText("".join(f"<p>{TEXT}</p>" for _ in range(3)))),
        ],
    )
    for caption, (width, height) in zip(captions, sizes, strict=False):
        CasePhoto.objects.create(page=case, image=photo(caption, width, height), caption=caption)
    Application.objects.create(case=case, **PRIVATE)
    Decision.record(case, selected=True)
    return case


@pytest.fixture
def selected(campaign):
    """Three cases selected at 终审, in number order, and one that was not."""
    cases = [
        selected_case(campaign, "邻里议事厅解难题", "yishiting", 1, ["议事会现场", "居民投票"]),
        selected_case(campaign, "楼道微更新", "weigengxin", 2, ["楼道/改造前: 杂物", "改造后"]),
        selected_case(campaign, "慈善超市进社区", "cishan", 3, ["开业"], sizes=((3000, 2000),)),
    ]
    other = CasePageFactory(parent=campaign, campaign=campaign, title="未入选的案例", slug="no")
    Decision.record(other, selected=False)
    return cases


@pytest.fixture
def book(campaign, selected):
    """The campaign's book of the selected cases, built."""
    from cases.compilation.builds import build_now

    page = CompilationPage(title="测试优秀案例汇编", slug="book", postscript="这是后记。")
    campaign.add_child(instance=page)
    page.contents = page.contents_from_selection(campaign)
    page.save_revision().publish()
    build = build_now(page)
    assert build.status == "succeeded", build.error
    return page


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "promo_editor", roles.EDITORS)
