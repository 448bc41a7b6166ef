import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cases.models import CasePhoto, CompilationPage, Decision
from tests import roles
from tests.cases.compilation.built_book import (  # noqa: F401 - fixtures
    built,
    pages,
    reader,
    sized,
    variants,
)
from tests.cases.review.conftest import member
from tests.factories import CasePageFactory, OrganizationFactory, section

PARAGRAPH = (
    "2014年起，居委会联合社会组织在小区里开设“邻里议事厅”，每月召开一次，"
    "居民代表、业委会、物业公司三方坐在一起商量事情，共解决停车、绿化、加装电梯等"
    "问题37件，居民满意度达到96.5%。"
)


def photo(caption, width=1200, height=800):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 190)).save(buffer, "JPEG")
    image = get_image_model()(title=caption)
    image.file = ImageFile(ContentFile(buffer.getvalue()), name="photo.jpg")
    image.save()
    return image


def book_case(campaign, title, slug, organization, **kwargs):
    case = CasePageFactory(
        parent=campaign,
        title=title,
        organization=OrganizationFactory(name=organization),
        body=[
            ("heading", {"text": "小区里的难题", "level": "h2"}),
            ("paragraph", RichText("".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(4)))),
        ],
        **kwargs,
    )
    for number in (1, 2):
        CasePhoto.objects.create(
            page=case, image=photo(f"{title}照片{number}"), caption=f"图注{number}"
        )
    Decision.record(case, selected=True)
    return case


@pytest.fixture
def book(campaign):
    """A small book: two sections, three cases, two photos each."""
    cases = [
        book_case(
            campaign,
            "邻里议事厅解难题",
            "yishiting",
            "甲社会组织",
            category=section("life-service"),
        ),
        book_case(
            campaign, "楼道微更新", "weigengxin", "乙社会组织", category=section("life-service")
        ),
        book_case(campaign, "慈善超市进社区", "cishan", "丙社会组织", category=section("charity")),
    ]
    page = CompilationPage(
        title="测试优秀案例汇编",
        slug="book",
        subtitle="（测试）",
        preface="这是前言的第一段。\n这是前言的第二段。",
        postscript="这是后记。",
        editorial_board="主　编：编者甲\n编　委：编者乙、编者丙",
    )
    page.contents = page.contents_from_selection(campaign)
    campaign.add_child(instance=page)
    page.save_revision().publish()
    page.cases = cases
    return page


@pytest.fixture
def editor(django_user_model, campaign):
    return member(django_user_model, "book_editor", roles.EDITORS)


def pytest_configure(config):
    config.addinivalue_line("markers", "pdf: builds books with WeasyPrint (slow)")
