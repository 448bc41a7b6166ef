"""No Application field ever reaches a public page, the API or the sitemap."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import models

from cases.models import Application
from tests.factories import CasePageFactory, CasePhotoFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def sentinel_application(case):
    """An application whose every text field holds a unique string, and a stamp scan."""
    values = {}
    for field in Application._meta.get_fields():
        if isinstance(field, models.EmailField):
            values[field.name] = f"sentinel-{field.name}@example.org"
        elif getattr(field, "choices", None):
            continue  # a choice holds one of its values, not free text
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = f"SENTINEL-{field.name.upper()}"
    application = Application(case=case, recommended_on=datetime.date(2016, 6, 16), **values)
    application.recommender_stamp.save("盖章扫描件.pdf", ContentFile(b"%PDF-1.4 stamp"), save=False)
    application.save()
    return application, list(values.values())


# Fields the sentinel helper cannot fill with a unique string; every other field must be
# text. A new non-text private field fails here until the sentinel test learns it.
NON_TEXT_FIELDS = {
    "id",
    "case",
    "recommended_on",
    "recommender_stamp",
    "organization_kind",  # one of OrganizationKind's values, not free text
    "submitted_by",  # the 申报代理 account, not text
    "submission_token",
    "consented_at",
    "created_at",
    "withdrawn_at",  # when the applicant withdrew, not text
    "updated_at",
}


def test_sentinels_cover_every_private_field():
    fields = {f.name for f in Application._meta.get_fields() if f.concrete}
    text_fields = {
        f.name
        for f in Application._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField) and f.name not in NON_TEXT_FIELDS
    }
    assert fields - text_fields == NON_TEXT_FIELDS
    assert len(text_fields) == 15  # six applicant contacts, eight recommender, a checksum


def public_urls(case, campaign, library, home):
    return [
        home.url,
        campaign.url,
        library.url,
        case.url,
        "/sitemap.xml",
        "/api/v2/pages/",
        "/api/v2/pages/?type=cases.CasePage&fields=*",
        f"/api/v2/pages/{case.pk}/",
        f"/api/v2/pages/{case.pk}/?fields=*",
    ]


def test_sentinels_appear_on_no_public_page_api_or_sitemap(client, home, campaign, library):
    organization = OrganizationFactory(name="公开的单位", address="SENTINEL-ORG-ADDRESS")
    case = CasePageFactory(parent=campaign, organization=organization)
    CasePhotoFactory(page=case)
    application, sentinels = sentinel_application(case)
    stamp_name = application.recommender_stamp.name
    for url in public_urls(case, campaign, library, home):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for sentinel in sentinels:
            assert sentinel not in body, (url, sentinel)
        assert stamp_name not in body
        assert "stamps/" not in body
        # An organisation's address may be a person's home (volunteers, 两代表一委员).
        assert "SENTINEL-ORG-ADDRESS" not in body
    # The public fields are there: the check above is not vacuous.
    assert "公开的单位" in client.get(f"/api/v2/pages/{case.pk}/").content.decode()
    # Searching the API for a private value finds nothing (results list only ids and
    # titles, so look at the count, not the body).
    for sentinel in [*sentinels, "SENTINEL-ORG-ADDRESS"]:
        found = client.get("/api/v2/pages/", {"search": sentinel}).json()
        assert found["meta"]["total_count"] == 0, sentinel


def test_stamp_scan_has_no_url_and_lies_outside_media_root(settings, campaign):
    case = CasePageFactory(parent=campaign)
    application, _ = sentinel_application(case)
    path = application.recommender_stamp.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # The applicant's file name (which may carry a name) is not kept.
    assert "盖章" not in application.recommender_stamp.name
    # Its only URL is an admin view: anonymous visitors are sent to the login page.
    url = application.recommender_stamp.url
    assert url.startswith("/admin/")


def test_stamp_scan_is_served_to_application_viewers_only(client, django_user_model, campaign):
    from django.contrib.auth.models import Permission

    case = CasePageFactory(parent=campaign)
    application, _ = sentinel_application(case)
    url = application.recommender_stamp.url
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail's admin answers a refused permission by sending the user back to the dashboard.
    refused = client.get(url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    user.user_permissions.add(Permission.objects.get(codename="view_application"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 stamp"
    # A name that is not an application's stamp is not served, even to viewers.
    assert client.get(url.replace(".pdf", "x.pdf")).status_code == 404


def test_stamp_file_is_removed_with_its_application_or_when_replaced(
    campaign, django_capture_on_commit_callbacks
):
    case = CasePageFactory(parent=campaign)
    application, _ = sentinel_application(case)
    first = application.recommender_stamp.path
    with django_capture_on_commit_callbacks(execute=True):
        application.recommender_stamp.save("new.pdf", ContentFile(b"%PDF-1.4 new"), save=True)
        # Until the change commits, the row it replaced may come back: its file stays.
        assert Path(first).exists()
    assert not Path(first).exists()
    second = application.recommender_stamp.path
    assert Path(second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        application.delete()
        assert Path(second).exists()
    assert not Path(second).exists()


def test_application_repr_and_str_hold_no_contact_data(campaign):
    case = CasePageFactory(parent=campaign, title="某案例")
    application, sentinels = sentinel_application(case)
    for text in (str(application), repr(application)):
        assert all(s not in text for s in sentinels)
    assert str(application) == "申报表：某案例"
