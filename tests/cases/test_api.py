"""Wagtail API v2 serves published cases' public fields and nothing private."""

import pytest
from wagtail.models import Page

from tests.cases.test_privacy import sentinel_application
from tests.factories import CasePageFactory, CasePhotoFactory, OrganizationFactory, section

pytestmark = pytest.mark.django_db


def test_case_detail_lists_public_fields(client, campaign):
    case = CasePageFactory(
        parent=campaign,
        title="业委会换届",
        organization=OrganizationFactory(name="大宁物业治理指导中心"),
        category=section("self-governance"),
        street="大宁路街道",
        summary="规范换届。",
    )
    case.tags.add("业委会")
    case.save()
    CasePhotoFactory(page=case, caption="唱票现场")
    data = client.get(f"/api/v2/pages/{case.pk}/").json()
    assert data["title"] == "业委会换届"
    assert data["organization_name"] == "大宁物业治理指导中心"
    assert data["category_name"] == "社区自治篇"
    assert data["street"] == "大宁路街道"
    assert data["summary"] == "规范换届。"
    assert data["year"] == 2016
    assert data["tags"] == ["业委会"]
    [photo] = data["photos"]
    assert photo["caption"] == "唱票现场"
    assert photo["alt"] == "唱票现场"
    assert photo["image"]["url"].startswith("/media/images/")
    assert "max-960x960" in photo["image"]["url"]
    private = {"application", "submission_number", "is_demo", "contact_name"}
    assert not private & set(data)


def test_tags_come_in_the_order_given_in_detail_and_listing(client, campaign):
    # The first is the case's main topic (search32): a reader of the API sees it first.
    case = CasePageFactory(parent=campaign, title="车位从哪里来")
    case.tags.set(["停车难", "业委会", "错峰共享"])
    case.save_revision().publish()
    assert client.get(f"/api/v2/pages/{case.pk}/").json()["tags"] == [
        "停车难",
        "业委会",
        "错峰共享",
    ]
    listing = client.get("/api/v2/pages/", {"type": "cases.CasePage", "fields": "tags"}).json()
    assert [item["tags"] for item in listing["items"]] == [["停车难", "业委会", "错峰共享"]]


def test_listing_holds_live_cases_only(client, campaign):
    live = CasePageFactory(parent=campaign, title="已发布案例")
    draft = CasePageFactory(parent=campaign, title="草稿案例", live=False)
    sentinel_application(draft)
    data = client.get("/api/v2/pages/", {"type": "cases.CasePage"}).json()
    assert [item["id"] for item in data["items"]] == [live.pk]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_search_index_holds_no_application_data(campaign):
    case = CasePageFactory(parent=campaign, summary="publicmarker 公开摘要")
    _, sentinels = sentinel_application(case)
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    backend.add(case)
    # The index works (a public word finds the case) yet holds no private value.
    assert [p.pk for p in backend.search("publicmarker", Page)] == [case.pk]
    for sentinel in sentinels:
        assert list(backend.search(sentinel, Page)) == [], sentinel
