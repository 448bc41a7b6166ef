"""Wagtail's own search (the admin's page search, the page chooser) and the 申报表 listing
find cases by Chinese words, through the portal's segmentation."""

import pytest
from django.core.management import call_command

from cases.models import Application
from tests.factories import CasePageFactory, OrganizationFactory
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(campaign):
    property_case = CasePageFactory(
        parent=campaign,
        title="依托社会组织 化解物业难题",
        summary="业主委员会与物业公司之间的矛盾，由老娘舅调解。",
        organization=OrganizationFactory(name="静安区新睦社会服务中心"),
        submission_number="JA2016-007",
        live=False,  # a draft: editors look up what was submitted, not only what is published
    )
    meals_case = CasePageFactory(
        parent=campaign,
        title="长者食堂",
        summary="为社区老年人提供助餐服务。",
        organization=OrganizationFactory(name="江宁路街道睦邻中心"),
        submission_number="JA2016-012",
    )
    for case, recommender in ((property_case, "南京西路街道"), (meals_case, "江宁路街道")):
        Application.objects.create(case=case, contact_name="联系人", recommender=recommender)
    call_command("update_index", verbosity=0)
    return property_case, meals_case


PROPERTY, MEALS = "依托社会组织 化解物业难题", "长者食堂"
QUERIES = [
    ("物业", PROPERTY),
    ("业委会", PROPERTY),  # a synonym of 业主委员会, the word in the text
    ("新睦社会服务中心", PROPERTY),  # an organisation's name, not a word of the title
    ("JA2016-007", PROPERTY),
    ("老人 助餐", MEALS),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_admin_page_search_finds_cases_by_chinese_words(admin_client, cases, query, expected):
    text = visible_text(admin_client.get("/admin/pages/search/", {"q": query}))
    other = MEALS if expected == PROPERTY else PROPERTY
    assert expected in text
    assert other not in text


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_page_chooser_finds_cases_by_chinese_words(admin_client, cases, query, expected):
    response = admin_client.get("/admin/choose-page/search/", {"q": query})
    text = visible_text(response)
    other = MEALS if expected == PROPERTY else PROPERTY
    assert expected in text
    assert other not in text


@pytest.mark.parametrize(
    ("query", "expected"), [*QUERIES, ("江宁路街道", MEALS)]
)  # the recommender, a field of the form only
def test_application_listing_search_finds_cases_by_chinese_words(
    admin_client, cases, query, expected
):
    text = visible_text(admin_client.get("/admin/cases/application/", {"q": query}))
    other = MEALS if expected == PROPERTY else PROPERTY
    assert expected in text
    assert other not in text


def test_a_one_character_query_finds_titles_that_hold_it(admin_client, cases):
    text = visible_text(admin_client.get("/admin/pages/search/", {"q": "食"}))
    assert MEALS in text
    assert PROPERTY not in text


def test_a_case_saved_after_indexing_is_found_by_its_new_words(admin_client, cases):
    property_case, _ = cases
    property_case.summary = "楼道堆物清理，楼组长牵头。"
    property_case.save()
    assert PROPERTY in visible_text(admin_client.get("/admin/pages/search/", {"q": "楼组长"}))
