"""The front cache: which responses it may keep, and what a publish purges."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cases.models import CampaignPage, CaseLibraryPage, CasePage, CompilationPage

pytestmark = pytest.mark.django_db
PURGED = []


class RecordingBackend(BaseBackend):
    """Stands for nginx's cache-purge module: notes each URL it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def front_cache(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "front": {"BACKEND": "tests.production.test_front_cache.RecordingBackend"}
    }
    PURGED.clear()
    return PURGED


def kept(response):
    return "X-Accel-Expires" in response and "public" in response["Cache-Control"]


def test_public_pages_are_kept_and_private_ones_never(client, demo, django_user_model):
    case = CasePage.objects.live().first()
    for url in ("/", case.url, CaseLibraryPage.objects.live().first().url, "/search/"):
        response = client.get(url)
        assert response.status_code == 200 and kept(response), url
        # Browsers revalidate: a purge reaches readers at once.
        assert "max-age=0" in response["Cache-Control"]
        assert "Accept-Encoding" in response["Vary"]
    campaign = CampaignPage.objects.live().first()
    for url in ("/search/?q=物业", campaign.url + "apply/", "/admin/login/"):
        response = client.get(url)
        assert not kept(response), url
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert not kept(client.get(case.url))  # a logged-in visitor's page is theirs


def test_publishing_a_case_purges_every_page_that_shows_it(
    front_cache, demo, django_capture_on_commit_callbacks
):
    case = CasePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision().publish()
    root = case.get_site().root_url
    paths = {url.removeprefix(root) for url in front_cache}
    library = CaseLibraryPage.objects.live().first()
    compilation = CompilationPage.objects.live().first()
    expected = {case.url, "/", library.url, case.get_parent().url, compilation.url}
    assert expected <= paths, expected - paths
    assert {"/sitemap.xml", "/api/v2/pages/"} <= paths
    # Cases of the same section show it among their related cases.
    same_section = CasePage.objects.live().filter(category=case.category).exclude(pk=case.pk)
    assert same_section and {c.url for c in same_section} <= paths

    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case.unpublish()
    assert case.url in {url.removeprefix(root) for url in front_cache}


def test_nothing_is_purged_without_a_front_cache(demo, django_capture_on_commit_callbacks):
    PURGED.clear()
    case = CasePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision().publish()
    assert PURGED == []
