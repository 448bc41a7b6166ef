"""Editors create, preview, copy and move cases in the page editor without surprises."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cases.models import CasePage
from tests.factories import CampaignPageFactory, CasePageFactory, ImageFactory, OrganizationFactory
from tests.factories import section as get_section

pytestmark = pytest.mark.django_db


def case_form(title, number, organization, image=None, caption="楼组长会议", slug="new-case"):
    photos = [{"image": image.pk, "caption": caption, "alt_text": ""}] if image else []
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "organization": organization.pk,
            "category": get_section("charity").pk,
            "participant_type": "organization",
            "street": "彭浦镇",
            "submitted_on": "2016-06-10",
            "submission_number": number,
            "summary": "摘要",
            "body": streamfield([]),
            "photos": inline_formset(photos),
            "tags": "",
            "comments": inline_formset([]),
        }
    )


def create_url(campaign):
    return f"/admin/pages/add/cases/casepage/{campaign.pk}/"


def test_editor_creates_a_case_under_a_campaign(admin_client, campaign):
    organization = OrganizationFactory()
    response = admin_client.post(
        create_url(campaign), case_form("新案例", "JA2016-010", organization, ImageFactory())
    )
    assert response.status_code == 302
    case = CasePage.objects.get(title="新案例")
    assert case.campaign_id == campaign.pk
    assert case.get_parent().pk == campaign.pk
    assert [p.caption for p in case.photos.all()] == ["楼组长会议"]


def test_duplicate_number_is_a_form_error_not_a_crash(admin_client, campaign):
    CasePageFactory(parent=campaign, submission_number="JA2016-001")
    organization = OrganizationFactory()
    for action in ({}, {"action-publish": "publish"}):
        data = case_form("重复编号", "JA2016-001", organization)
        data.update(action)
        response = admin_client.post(create_url(campaign), data)
        body = response.content.decode()
        assert response.status_code == 200
        assert "该征集活动中已有相同的申报编号。" in body
        # What the editor typed is still there.
        assert 'value="重复编号"' in body
    assert CasePage.objects.filter(submission_number="JA2016-001").count() == 1


def test_preview_shows_the_photos_being_edited(admin_client, campaign):
    organization = OrganizationFactory()
    image = ImageFactory()
    url = f"/admin/pages/add/cases/casepage/{campaign.pk}/preview/"
    data = case_form("预览案例", "", organization, image, caption="尚未保存的图注")
    assert admin_client.post(url, data).json()["is_valid"]
    preview = admin_client.get(url).content.decode()
    assert "预览案例" in preview
    assert "尚未保存的图注" in preview

    case = CasePageFactory(parent=campaign, organization=organization)
    edit_url = f"/admin/pages/{case.pk}/edit/preview/"
    data = case_form(case.title, "", organization, image, caption="刚改过的图注")
    assert admin_client.post(edit_url, data).json()["is_valid"]
    assert "刚改过的图注" in admin_client.get(edit_url).content.decode()


def test_copy_within_a_campaign_clears_the_number(campaign):
    case = CasePageFactory(parent=campaign, submission_number="JA2016-003")
    copy = case.copy(update_attrs={"slug": "copy-of-case", "title": "副本"})
    assert copy.submission_number == ""
    assert copy.campaign_id == campaign.pk


def test_moving_a_case_updates_its_campaign(client, home, campaign, library):
    later = CampaignPageFactory(parent=home, year=2017)
    case = CasePageFactory(parent=campaign, title="搬家的案例")
    from wagtail.actions.move_page import MovePageAction

    MovePageAction(case, later, pos="last-child").execute()
    case.refresh_from_db()
    assert case.campaign_id == later.pk
    assert case.year == 2017
    assert "搬家的案例" in client.get(library.url, {"year": "2017"}).content.decode()


def test_deleting_a_campaign_deletes_its_cases(campaign):
    CasePageFactory(parent=campaign)
    campaign.delete()
    assert CasePage.objects.count() == 0


def test_applications_are_not_created_alone(admin_client):
    listing = admin_client.get("/admin/cases/application/").content.decode()
    assert "/admin/cases/application/create/" not in listing
    response = admin_client.get("/admin/cases/application/create/")
    assert response.status_code in (302, 403)
