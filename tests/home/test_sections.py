"""The home page's count of cases per section (篇): published, public cases only."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import CampaignPageFactory, CasePageFactory, section

pytestmark = pytest.mark.django_db


def count_shown(page, name):
    marker = f"<strong>{name}</strong><span>"
    start = page.index(marker) + len(marker)
    return int(page[start : page.index(" 个案例", start)])


def test_each_section_counts_its_published_public_cases(client, home, campaign, library):
    mediation, charity = section("mediation"), section("charity")
    for _ in range(2):
        CasePageFactory(parent=campaign, category=mediation)
    CasePageFactory(parent=campaign, category=charity)
    CasePageFactory(parent=campaign, category=charity, live=False)
    private = CampaignPageFactory(parent=home, slug="private-campaign")
    CasePageFactory(parent=private, category=charity)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    page = client.get(home.url).content.decode()
    assert count_shown(page, mediation.name) == 2
    assert count_shown(page, charity.name) == 1
