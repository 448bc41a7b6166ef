"""Each page type shows its content to a visitor."""

import datetime
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
from wagtail.rich_text import RichText

from cases.models import CampaignContact, CampaignPhase
from tests.factories import (
    CasePageFactory,
    CasePhotoFactory,
    OrganizationFactory,
    section,
)
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def reference_case(campaign):
    case = CasePageFactory(
        parent=campaign,
        title="依托社会组织  化解物业难题",
        organization=OrganizationFactory(name="虹口新家园建设与合作事务所", kind="mediation"),
        category=section("mediation"),
        street="凉城新村街道",
        summary="当好小区老娘舅。",
        body=[
            ("heading", {"text": "巧解物业纠纷", "level": "h2"}),
            ("paragraph", RichText("<p>新家园成立于2011年10月。</p>")),
            ("quotation", {"text": "这样的调解很公平！", "attribution": "调解双方"}),
            ("key_figures", {"items": [{"value": "88个", "label": "小区完成业主大会组建"}]}),
        ],
    )
    CasePhotoFactory(page=case, caption="与楼组长面对面沟通", alt_text="")
    CasePhotoFactory(page=case, caption="法规政策培训", alt_text="培训现场的居民")
    case.save_revision().publish()
    return case


def test_case_page_shows_byline_section_body_and_gallery(client, reference_case):
    response = client.get(reference_case.url)
    text = visible_text(response)
    assert "依托社会组织 化解物业难题" in text
    assert "——虹口新家园建设与合作事务所" in text
    assert "矛盾调处与帮困帮教篇" in text
    assert "凉城新村街道" in text
    assert "新家园成立于2011年10月。" in text
    assert "这样的调解很公平！ ——调解双方" in text
    assert "88个 小区完成业主大会组建" in text
    page = soup(response)
    assert [h.get_text() for h in page.select("h1")] == ["依托社会组织  化解物业难题"]
    captions = [c.get_text() for c in page.select(".gallery figcaption")]
    assert captions == ["与楼组长面对面沟通", "法规政策培训"]
    # Every photo has alt text: the caption unless the editor wrote one.
    assert [img["alt"] for img in page.select(".gallery img")] == [
        "与楼组长面对面沟通",
        "培训现场的居民",
    ]


def test_every_page_type_has_one_h1_ordered_headings_and_alt_text(
    client, home, campaign, library, reference_case
):
    for url in (home.url, campaign.url, library.url, reference_case.url):
        page = soup(client.get(url))
        levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4"])]
        assert levels[0] == 1 and levels.count(1) == 1, url
        # No level skipped on the way down (h2 → h4 would be).
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (url, levels)
        images = page.select("main img")
        assert all(img.get("alt", "").strip() for img in images), url
        assert page.select_one("a.skip-link")["href"] == "#main"
    assert len(soup(client.get(home.url)).select("main img")) == 1


def test_campaign_page_shows_notice_phases_contacts_and_rules(client, campaign):
    campaign.intro = "面向全区征集优秀案例。"
    campaign.body = [("paragraph", RichText("<p>各社会组织：请积极参与。</p>"))]
    campaign.phases = [
        CampaignPhase(
            name="组织发动阶段",
            starts_on=datetime.date(2016, 5, 1),
            ends_on=datetime.date(2016, 5, 31),
        ),
        CampaignPhase(name="汇编出版阶段", starts_on=datetime.date(2016, 8, 1), note="暂定"),
    ]
    campaign.contacts = [
        CampaignContact(
            unit="静安区社联会", people="陈宝莲、沈亦灵", phone="52133533", email="ngo2007@sina.com"
        )
    ]
    campaign.save_revision().publish()
    text = visible_text(client.get(campaign.url))
    assert "主办单位 中共静安区社会工作委员会 静安区社会建设办公室" in text
    assert "承办单位 静安区社会组织联合会" in text
    assert "各社会组织：请积极参与。" in text
    assert "组织发动阶段 2016年5月1日 – 2016年5月31日 已结束" in text
    # Open-ended: it started and has no end date.
    assert "汇编出版阶段 2016年8月1日（暂定） 进行中" in text
    assert "2016年6月17日 23:59 截止" in text
    assert "申报已截止" in text
    assert "联系人：陈宝莲、沈亦灵" in text
    assert "联系电话：52133533" in text
    assert "案例文字 2000 字左右" in text
    assert "每个案例配 2–3 幅照片，分辨率 300dpi 以上，比例 1:1.5" in text


def test_campaign_page_offers_its_downloads(client, campaign):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from cases.models import CampaignDocument

    document = get_document_model().objects.create(
        title="申报表", file=ContentFile(b"docx", name="form.docx")
    )
    campaign.documents = [CampaignDocument(document=document, title="附件1：申报表")]
    campaign.save_revision().publish()
    page = soup(client.get(campaign.url))
    links = {a.get_text(): a["href"] for a in page.select(".downloads a")}
    assert links["附件1：申报表"] == document.url
    assert client.get(document.url).status_code == 200
    # The blank form is always there, generated in the 附件1 layout.
    blank = client.get(links["空白申报表"])
    assert blank["Content-Type"].startswith("application/vnd.openxmlformats")
    from cases.submission.docx_import import parse_application

    parsed = parse_application(
        io.BytesIO(b"".join(blank.streaming_content) if blank.streaming else blank.content)
    )
    assert "未填写案例名称" in parsed.problems


def test_open_campaign_counts_days_left(client, campaign, settings):
    now = datetime.datetime.now(tz=SH)
    campaign.submission_opens_at = now - datetime.timedelta(days=1)
    campaign.submission_deadline = (now + datetime.timedelta(days=10)).replace(hour=23, minute=59)
    campaign.save_revision().publish()
    assert "正在接受申报，还剩 10 天" in visible_text(client.get(campaign.url))


def test_home_shows_campaign_featured_cases_and_counts(client, home, campaign, library):
    for slug, n in [("life-service", 2), ("charity", 1)]:
        for _ in range(n):
            CasePageFactory(parent=campaign, category=section(slug))
    CasePageFactory(parent=campaign, category=section("mediation"), live=False)
    text = visible_text(client.get(home.url))
    assert f"当前征集： {campaign.title}" in text
    assert "生活服务篇 2 个案例" in text
    assert "慈善公益篇 1 个案例" in text
    assert "社区自治篇 0 个案例" in text
    # The draft case is neither counted nor featured.
    assert "矛盾调处与帮困帮教篇 0 个案例" in text
    assert text.count("——示例社会组织") == 3


def test_library_filters_by_section_and_year(client, home, campaign, library):
    CasePageFactory(parent=campaign, title="助餐服务进楼组", category=section("life-service"))
    CasePageFactory(parent=campaign, title="慈善超市暖人心", category=section("charity"))
    from tests.factories import CampaignPageFactory

    later = CampaignPageFactory(parent=home, year=2017)
    CasePageFactory(parent=later, title="加装电梯议事会", category=section("self-governance"))

    text = visible_text(client.get(library.url))
    assert "共 3 个案例" in text
    text = visible_text(client.get(library.url, {"section": "charity"}))
    assert "慈善超市暖人心" in text
    assert "助餐服务进楼组" not in text
    text = visible_text(client.get(library.url, {"year": "2017"}))
    assert "加装电梯议事会" in text
    assert "共 1 个案例" in text
    # Unknown or malformed filters show everything rather than an error.
    response = client.get(library.url, {"section": "nope", "year": "abc", "page": "x"}, follow=True)
    assert response.redirect_chain == [(library.url, 301)]
    text = visible_text(response)
    assert "共 3 个案例" in text


def test_library_paginates_and_keeps_filters(client, campaign, library):
    for i in range(14):
        CasePageFactory(
            parent=campaign, title=f"生活服务案例{i:02d}", category=section("life-service")
        )
    first = soup(client.get(library.url, {"section": "life-service"}))
    assert len(first.select(".case-card")) == 12
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link == f"{library.url}?section=life-service&page=2"
    second = soup(client.get(next_link))
    assert len(second.select(".case-card")) == 2
    # A page past the end shows the last page.
    assert len(soup(client.get(library.url, {"page": "99"})).select(".case-card")) == 2


def test_unpublished_case_is_not_public(client, campaign, library):
    draft = CasePageFactory(parent=campaign, title="尚未发布的案例", live=False)
    assert client.get(draft.url or f"{campaign.url}{draft.slug}/").status_code == 404
    assert "尚未发布的案例" not in visible_text(client.get(library.url))


def test_sitemap_lists_public_pages(client, campaign, library):
    live = CasePageFactory(parent=campaign, title="已发布")
    draft = CasePageFactory(parent=campaign, title="草稿", slug="draft-case", live=False)
    body = client.get("/sitemap.xml").content.decode()
    assert live.full_url in body
    assert campaign.full_url in body
    assert "draft-case" not in body
    assert draft.full_url not in body


def test_counts_leave_out_cases_under_a_private_campaign(client, home, campaign, library):
    from wagtail.models import PageViewRestriction

    CasePageFactory(parent=campaign, category=section("charity"))
    PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    text = visible_text(client.get(home.url))
    assert "慈善公益篇 0 个案例" in text
    assert "共 0 个案例" in visible_text(client.get(library.url))
