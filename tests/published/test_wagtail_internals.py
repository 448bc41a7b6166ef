"""published/wagtail_internals.py: every use of Wagtail's internals, checked against the
installed Wagtail (a new version fails the first test until the module is rechecked)."""

import sys

import pytest
import wagtail
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from published import wagtail_internals
from published.generation import reading
from published.routing import public
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db


def test_written_for_the_installed_wagtail():
    assert wagtail.__version__ == wagtail_internals.ADAPTED_FOR, (
        f"Wagtail is now {wagtail.__version__}; published/wagtail_internals.py was checked "
        f"against {wagtail_internals.ADAPTED_FOR}. Recheck each use its docstring lists "
        "(the request attributes in wagtail/models/sites.py and pages.py, "
        "Page.get_view_restrictions, the API v3 imports in the apps' ready()), then set "
        "ADAPTED_FOR."
    )


def test_a_primed_route_is_what_wagtail_uses_without_a_query(campaign, django_assert_num_queries):
    case = CasePageFactory(parent=campaign)
    factory = RequestFactory()
    routed = factory.get(case.url)
    found = Page.route_for_request(routed, case.url)
    assert found[0].pk == case.pk
    routed._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    site, route, root_paths = wagtail_internals.routed_state(routed)
    assert site is not None and wagtail_internals.routed(routed)

    fresh = factory.get(case.url)
    assert not wagtail_internals.routed(fresh)
    wagtail_internals.prime(fresh, site, route, root_paths)
    with django_assert_num_queries(0):
        assert Site.find_for_request(fresh) is site
        assert Page.route_for_request(fresh, case.url) is route
    # The Site's root paths are where Wagtail looks for them first: no cache read.
    Site.clear_site_root_paths_cache()
    with django_assert_num_queries(0):
        assert case.get_url(fresh) == case.url


def test_view_restrictions_skipped_only_where_none_can_apply(campaign, django_assert_num_queries):
    case = CasePageFactory(parent=campaign)
    assert list(case.get_view_restrictions()) == []
    # Known for this generation now: no query.
    with reading(RequestFactory().get("/")), django_assert_num_queries(0):
        assert not case.get_view_restrictions().exists()
    restriction = PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    case = Page.objects.get(pk=case.pk).specific  # a new generation: the change announced
    assert list(case.get_view_restrictions()) == [restriction]
    assert not public(Page.objects.filter(pk=case.pk)).exists()


def test_wagtail_api_v3_is_not_loaded():
    # django-ninja: about 40 MB per process, for an API the portal neither installs nor mounts.
    assert "ninja" not in sys.modules
    from wagtail.api.v3 import api

    assert isinstance(api.api, wagtail_internals._UnusedAPI)


def test_the_api_site_filter_loads_its_pydantic_model_when_first_used(client, campaign):
    # wagtail.api.validators is a stand-in until the API filters by site.
    from wagtail.api import validators

    assert validators.__dict__.keys() >= {"SiteFilterValidator"}
    assert not hasattr(validators, "BaseModel")
    case = CasePageFactory(parent=campaign, title="业委会换届")
    site = Site.objects.get(is_default_site=True)
    listing = client.get("/api/v2/pages/", {"type": "cases.CasePage", "site": site.hostname})
    assert [page["title"] for page in listing.json()["items"]] == [case.title]
    assert client.get("/api/v2/pages/", {"site": "elsewhere.example"}).status_code == 404


def test_renditions_found_with_their_images_are_not_written_to_the_shared_cache():
    # Wagtail writes each rendition it shows to caches["renditions"] when that exists,
    # else to the default cache (Redis): a round trip per photo on a page made afresh.
    from django.core.cache.backends.dummy import DummyCache
    from django.test import override_settings
    from wagtail.images import get_image_model

    from portal.settings import base

    assert base.CACHES["renditions"]["BACKEND"].endswith(".DummyCache")
    with override_settings(
        CACHES=base.CACHES
        | {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        backend = get_image_model().get_rendition_model().cache_backend
        assert isinstance(backend, DummyCache)


def test_site_root_paths_are_wagtails_own(campaign):
    from published.routing import _SITES

    home = Site.objects.get(is_default_site=True).root_page
    other = home.add_child(instance=Page(title="另一个站点", slug="other"))
    Site.objects.create(hostname="b.example", port=8080, root_page=other)
    Site.objects.create(hostname="a.example", port=443, root_page=other)
    Site.objects.create(hostname="a.example", port=80, root_page=home)
    Site.clear_site_root_paths_cache()
    assert wagtail_internals.site_root_paths(_SITES.list()) == Site.get_site_root_paths()
