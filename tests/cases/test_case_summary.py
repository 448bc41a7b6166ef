"""The case page shows the 摘要 once: not above a text that opens with it."""

import pytest
from wagtail.rich_text import RichText

from cases.text.content import summary_from_text
from tests.factories import CasePageFactory
from tests.pages import soup

pytestmark = pytest.mark.django_db

FIRST = (
    "小区停车难由来已久。居委会牵头成立议事会，三个月里开了八次会，"
    "最终在业主大会上通过了错时停车方案，车位周转率明显提高，邻里矛盾随之减少。"
    "此后议事会又陆续解决了楼道堆物、绿化改造和电梯加装等居民关心的问题。"
)


def _case(campaign, summary, first_paragraph):
    case = CasePageFactory(
        parent=campaign,
        summary=summary,
        body=[
            ("heading", {"text": "缘起", "level": "h2"}),
            ("paragraph", RichText(f"<p>{first_paragraph}</p>")),
            ("paragraph", RichText("<p>第二段。</p>")),
        ],
    )
    case.save_revision().publish()
    return case


def _article(client, case):
    return soup(client.get(case.url)).select_one("article").get_text()


def test_a_summary_drawn_from_the_text_is_not_repeated_above_it(client, campaign):
    summary = summary_from_text(FIRST)  # as the online form draws it
    assert summary and FIRST.startswith(summary.rstrip("…"))
    case = _case(campaign, summary, FIRST)
    text = _article(client, case)
    assert text.count(summary.rstrip("…")) == 1
    assert FIRST in text  # the text itself is whole


def test_a_summary_cut_with_an_ellipsis_and_spaced_markup_is_recognised(client, campaign):
    case = _case(
        campaign,
        "小区停车难由来已久。居委会牵头…",
        "小区停车难由来已久。<b>居委会</b> 牵头成立议事会。",
    )
    assert case.summary_opens_text
    assert "lead" not in str(soup(client.get(case.url)).select_one("header"))


def test_a_summary_of_its_own_is_shown_above_the_text(client, campaign):
    case = _case(campaign, "议事会让停车不再难。", FIRST)
    page = soup(client.get(case.url))
    assert page.select_one("p.lead").get_text() == "议事会让停车不再难。"
    assert page.select_one("article").get_text().count("议事会让停车不再难。") == 1
