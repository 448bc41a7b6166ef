"""The front cache's instructions (portal/cache_headers.py): which answers may be kept,
and the ETag they are revalidated with every second, which changes with anything
readers see and nothing else."""

import pytest

from cases.models import CampaignPage, CaseLibraryPage, CasePage
from published import release as release_module

pytestmark = pytest.mark.django_db


def kept(response):
    return "ETag" in response and response.get("X-Accel-Expires", "").startswith("@")


def test_public_pages_are_kept_and_private_ones_never(client, demo, django_user_model):
    case = CasePage.objects.live().first()
    for url in ("/", case.url, CaseLibraryPage.objects.live().first().url, "/search/"):
        response = client.get(url)
        assert response.status_code == 200 and kept(response), url
        # Browsers revalidate: a change reaches readers at once.
        assert "max-age=0" in response["Cache-Control"]
        assert "Accept-Encoding" in response["Vary"]
    campaign = CampaignPage.objects.live().first()
    for url in ("/search/?q=物业", campaign.url + "apply/", "/admin/login/"):
        response = client.get(url)
        assert not kept(response), url
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert not kept(client.get(case.url))  # a logged-in visitor's page is theirs
    assert client.get(case.url, HTTP_IF_NONE_MATCH="*").status_code == 200


def test_an_unchanged_page_is_answered_304_before_any_view_runs(
    client, demo, django_assert_max_num_queries
):
    case = CasePage.objects.live().first()
    tag = client.get(case.url)["ETag"]
    with django_assert_max_num_queries(1):  # the generation, nothing else
        response = client.get(case.url, HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304 and response["ETag"] == tag
    assert response["X-Accel-Expires"].startswith("@") and not response.content


def test_the_tag_changes_with_every_change_readers_see(
    client, demo, django_capture_on_commit_callbacks
):
    case = CasePage.objects.live().first()
    tags = {client.get(case.url)["ETag"]}
    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision().publish()
    tags.add(client.get(case.url)["ETag"])
    organization = case.organization
    organization.name += "（更名）"
    organization.save()
    tags.add(client.get(case.url)["ETag"])
    assert len(tags) == 3
    with django_capture_on_commit_callbacks(execute=True):
        case.unpublish()
    response = client.get(case.url, HTTP_IF_NONE_MATCH=" ,".join(tags))
    assert response.status_code == 404 and response["ETag"] not in tags


def test_a_draft_saved_changes_nothing_readers_see(client, demo):
    case = CasePage.objects.live().first()
    tag = client.get(case.url)["ETag"]
    case.title = "尚未发布的新标题"
    case.save_revision()
    assert client.get(case.url, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_a_new_release_changes_every_tag(client, demo, monkeypatch):
    library = CaseLibraryPage.objects.live().first()
    tag = client.get(library.url)["ETag"]
    monkeypatch.setenv("PORTAL_RELEASE", "next")
    release_module.release.cache_clear()
    try:
        assert client.get(library.url, HTTP_IF_NONE_MATCH=tag).status_code == 200
    finally:
        monkeypatch.delenv("PORTAL_RELEASE")
        release_module.release.cache_clear()


def test_tracking_parameters_are_the_same_page_and_others_are_not(client, demo):
    library = CaseLibraryPage.objects.live().first().url
    tag = client.get(library + "?page=2")["ETag"]
    same = client.get(library + "?utm_source=x&page=2&from=singlemessage&isappinstalled=0")
    assert same["ETag"] == tag
    assert client.get(library + "?page=3")["ETag"] != tag
