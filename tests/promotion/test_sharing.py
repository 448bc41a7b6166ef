"""Open Graph metadata on case pages: the values a chat app's card shows, absolute URLs,
a public rendition, and nothing of the private 申报表."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from cases.models import Application, CasePhoto
from tests.factories import CasePageFactory
from tests.promotion.conftest import PRIVATE, photo


def campaign_slug(case):
    return case.get_parent().slug


def og(html):
    return {
        name: unescape(value)
        for name, value in re.findall(r'<meta property="og:([\w:]+)" content="([^"]*)"', html)
    }


@pytest.fixture
def case(campaign):
    case = CasePageFactory(
        parent=campaign,
        campaign=campaign,
        title="楼道议事会 <让邻里更近>",
        slug="louguo",
        summary="居民自己商量楼道里的事，\n一年解决问题37件。",
    )
    CasePhoto.objects.create(page=case, image=photo("议事会", 1600, 1000), caption="议事会现场")
    CasePhoto.objects.create(page=case, image=photo("第二张", 800, 600), caption="第二张")
    Application.objects.create(case=case, **PRIVATE)
    return case


def test_the_card_of_a_case_page(client, case):
    html = client.get(case.url).content.decode()
    tags = og(html)
    assert tags["title"] == "楼道议事会 <让邻里更近>"
    assert tags["description"] == "居民自己商量楼道里的事， 一年解决问题37件。"
    assert tags["url"] == "http://localhost/campaign-1/louguo/".replace(
        "campaign-1", campaign_slug(case)
    )
    assert tags["site_name"] == "社区治理优秀案例征集平台"
    assert tags["type"] == "article"
    assert re.fullmatch(r"http://localhost/media/images/\S+\.max-960x960\.jpg", tags["image"])
    assert (tags["image:width"], tags["image:height"]) == ("960", "600")
    assert tags["image:alt"] == "议事会现场"  # the first photo's
    # A public rendition: its file lies under MEDIA_ROOT, where the web server serves it.
    name = tags["image"].removeprefix("http://localhost" + settings.MEDIA_URL)
    assert Path(settings.MEDIA_ROOT, name).is_file()


def test_no_private_field_in_the_head(client, case):
    html = client.get(case.url).content.decode()
    head = html.split("</head>")[0]
    for value in PRIVATE.values():
        assert value not in head


def test_a_case_without_photos_has_a_card_without_image(client, campaign):
    case = CasePageFactory(parent=campaign, campaign=campaign, slug="bare", summary="")
    tags = og(client.get(case.url).content.decode())
    assert "image" not in tags and "description" not in tags
    assert tags["title"] == case.title


def test_the_card_is_cached_with_the_page(client, case, django_assert_max_num_queries):
    client.get(case.url)
    with django_assert_max_num_queries(12):
        second = client.get(case.url).content.decode()
    assert og(second)["title"] == case.title


def test_a_private_photo_is_never_the_card_image(client, case):
    from cases.models import CaseImage

    first = case.photos.order_by("sort_order").first()
    CaseImage.objects.filter(pk=first.image_id).update(is_private=True)
    tags = og(client.get(case.url).content.decode())
    assert tags["image:alt"] == "第二张"  # the first public one
