"""Editors manage organisations, sections and applications in the Wagtail admin."""

import pytest

from cases.models import Application
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db


def test_application_is_listed_and_edited_in_the_admin(admin_client, campaign):
    case = CasePageFactory(parent=campaign, title="助餐服务")
    application = Application.objects.create(case=case, contact_name="王某某")
    listing = admin_client.get("/admin/cases/application/")
    assert "助餐服务" in listing.content.decode()
    # The listing names cases, not people: contact data only on the edit form.
    assert "王某某" not in listing.content.decode()
    url = f"/admin/cases/application/edit/{application.pk}/"
    form = admin_client.get(url).content.decode()
    for label in ("申报单位联系人", "推荐单位意见", "盖章扫描件", "推荐单位电子邮箱"):
        assert label in form
    response = admin_client.post(
        url,
        {
            "contact_name": "李某某",
            "contact_email": "not-an-email",
            "recommender": "街道社区服务办",
        },
    )
    # Bad input: a Chinese error, the other values kept in the form.
    body = response.content.decode()
    assert response.status_code == 200
    assert "请输入合法的邮件地址。" in body
    assert 'value="李某某"' in body
    application.refresh_from_db()
    assert application.contact_name == "王某某"

    response = admin_client.post(
        url,
        {
            "contact_name": "李某某",
            "contact_email": "li@example.org",
            "recommender": "街道社区服务办",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.contact_name, application.contact_email) == ("李某某", "li@example.org")


def test_organisations_and_sections_have_admin_listings(admin_client):
    sections = admin_client.get("/admin/cases/casecategory/").content.decode()
    for name in ("生活服务篇", "慈善公益篇", "社区自治篇", "矛盾调处与帮困帮教篇"):
        assert name in sections
    response = admin_client.post(
        "/admin/cases/organization/create/",
        {"name": "新建社会组织", "kind": "charity", "street": "彭浦镇", "address": ""},
    )
    assert response.status_code == 302
    listing = admin_client.get("/admin/cases/organization/").content.decode()
    assert "新建社会组织" in listing


def test_case_editor_offers_the_case_fields(admin_client, campaign):
    case = CasePageFactory(parent=campaign)
    form = admin_client.get(f"/admin/pages/{case.pk}/edit/").content.decode()
    for label in ("申报单位", "参与主体", "街道/镇", "申报编号", "案例照片", "案例正文"):
        assert label in form
