"""From an address to a page: the home page fetches a campaign or the library in one
query, a campaign its case in one, and the tree still decides where those shortcuts find
nothing or disagree with it; the Sites come with what every page view needs."""

import pytest
from wagtail.models import Page

from cases.models import CasePage, CompilationPage
from published import parts
from published.generation import draw
from tests.factories import CampaignPageFactory, CasePageFactory

pytestmark = pytest.mark.django_db


def cold_text(client, url):
    """The page made afresh: a new generation, nothing kept in this process."""
    draw()
    parts.forget()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_public_address_leads_to_its_page(client, home, campaign, library):
    case = CasePageFactory(parent=campaign, title="楼道微更新")
    book = CompilationPage(title="优秀案例汇编", slug="book")
    campaign.add_child(instance=book)
    book.save_revision().publish()
    assert "<h1" in cold_text(client, home.url)
    assert campaign.title in cold_text(client, campaign.url)
    assert "楼道微更新" in cold_text(client, library.url)
    assert "楼道微更新" in cold_text(client, case.url)
    # A campaign's other children (the book) are not cases: the tree routes to them.
    assert "优秀案例汇编" in cold_text(client, book.url)
    for missing in (f"{campaign.url}no-such-case/", f"{library.url}no-such-case/", "/no-such/x/"):
        draw()
        assert client.get(missing).status_code == 404, missing


def test_a_case_whose_campaign_link_disagrees_with_the_tree_is_routed_by_the_tree(
    client, home, campaign
):
    case = CasePageFactory(parent=campaign, title="邻里议事厅解难题")
    other = CampaignPageFactory(parent=home, title="2017年度征集", slug="2017-cases")
    # The row's link points elsewhere (as a move that saved no page could leave it).
    CasePage.objects.filter(pk=case.pk).update(campaign=other)
    assert "邻里议事厅解难题" in cold_text(client, case.url)
    draw()
    assert client.get(f"{other.url}{case.slug}/").status_code == 404


def test_a_page_makes_its_links_without_asking_the_cache_for_the_sites_root_paths(
    client, home, campaign, monkeypatch
):
    from django.core.cache import caches

    case = CasePageFactory(parent=campaign, title="楼道微更新")
    book = CompilationPage(title="优秀案例汇编", slug="book")
    campaign.add_child(instance=book)
    book.save_revision().publish()
    shared, reads = caches["default"], []
    real_get = shared.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    links = [f'href="{home.url}"', f'href="{campaign.url}"', f'href="{book.url}"']
    monkeypatch.setattr(shared, "get", get)
    for url in (case.url, campaign.url):
        reads.clear()
        page = cold_text(client, url)
        assert all(link in page for link in links[: 2 if url == case.url else 3])
        # Routing made them from the Sites it read (Wagtail would ask the cache on the
        # first link, and on every link made without the request: breadcrumbs, the book).
        assert "wagtail_site_root_paths" not in reads, (url, reads)
        parts.forget()  # the route from the shared cache: the paths come with it
        reads.clear()
        assert client.get(url).content.decode() == page
        assert "wagtail_site_root_paths" not in reads, (url, reads)


def test_the_special_paths_read_with_the_sites_are_those_read_alone(home, campaign, library):
    from wagtail.models import PageViewRestriction

    from published.routing import _SITES, _read_special_paths, _special_paths_of

    assert _special_paths_of(_SITES.list()[0]) == _read_special_paths() == ([], [])
    case = CasePageFactory(parent=campaign)
    PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    PageViewRestriction.objects.create(page=case, restriction_type="password", password="口令")
    PageViewRestriction.objects.create(page=case, restriction_type="login")
    Page.objects.get(pk=library.pk).create_alias(parent=home, update_slug="library-alias")
    restricted, aliases = _special_paths_of(_SITES.list()[0])
    assert (restricted, aliases) == _read_special_paths()
    assert restricted == sorted([campaign.path, case.path]) and len(aliases) == 1
