import pytest

from tests.factories import CampaignPageFactory, CaseLibraryPageFactory, site_home


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rendition and site caches live in process memory: ids repeat across tests.
    from django.core.cache import caches

    from published.parts import forget

    for cache in caches.all():
        cache.clear()
    forget()


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def library(home):
    return CaseLibraryPageFactory(parent=home)


@pytest.fixture
def campaign(home):
    return CampaignPageFactory(parent=home)
