"""Which page type may live where."""

import pytest
from wagtail.models import Page

from cases.models import CampaignPage, CaseLibraryPage, CasePage, CompilationPage
from home.models import HomePage
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db


def test_home_page_lives_at_the_root_only(home, campaign):
    root = Page.get_first_root_node()
    assert HomePage.can_exist_under(root)
    assert not HomePage.can_exist_under(campaign)
    # max_count 1: a second home page cannot be created.
    assert not HomePage.can_create_at(root)


def test_campaigns_and_library_live_under_the_home_page(home, campaign):
    assert CampaignPage.can_create_at(home)
    assert not CampaignPage.can_exist_under(campaign)
    assert CaseLibraryPage.can_create_at(home)
    assert not CaseLibraryPage.can_exist_under(campaign)


def test_only_one_case_library(home, library):
    assert not CaseLibraryPage.can_create_at(home)


def test_cases_live_under_a_campaign_only(home, campaign, library):
    assert CasePage.can_create_at(campaign)
    assert not CasePage.can_exist_under(home)
    assert not CasePage.can_exist_under(library)
    case = CasePageFactory(parent=campaign)
    assert not CasePage.can_exist_under(case)
    assert CasePage.allowed_subpage_models() == []


def test_campaign_children_are_cases_and_its_compilation(campaign, home):
    from publicity.models import AnnouncementPage

    assert campaign.specific_class.allowed_subpage_models() == [
        CasePage,
        CompilationPage,
        AnnouncementPage,  # its 后续通知 (publicity/)
    ]
    assert not AnnouncementPage.can_exist_under(home)
    assert CompilationPage.can_create_at(campaign)
    assert not CompilationPage.can_exist_under(home)
    assert CompilationPage.allowed_subpage_models() == []


def test_case_remembers_its_campaign(campaign):
    case = CasePageFactory(parent=campaign)
    assert case.campaign_id == campaign.pk
    assert case.year == 2016
