import pytest

from tests.factories import CampaignPageFactory, CaseLibraryPageFactory, site_home


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def library(home):
    return CaseLibraryPageFactory(parent=home)


@pytest.fixture
def campaign(home):
    return CampaignPageFactory(parent=home)
