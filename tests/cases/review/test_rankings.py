"""Rankings: figures equal to hand-computed ones, Excel, constant queries, panels."""

import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Assignment, Review
from cases.printing.spreadsheets import display_width
from cases.review.scoring import ensure_criteria, total_for
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db


def add_review(case, expert, scores, recommendation):
    criteria = ensure_criteria(case.campaign)
    keyed = {str(c.pk): s for c, s in zip(criteria, scores, strict=True)}
    assignment = Assignment.objects.create(case=case, expert=expert)
    Review.objects.create(
        assignment=assignment,
        scores=keyed,
        comment="意见",
        recommendation=recommendation,
        weighted_total=total_for(keyed, criteria),
    )


@pytest.fixture
def reviewed(people):
    case = people["case"]
    # Weights 3/3/3/1, all out of 10: A = 100×(3×.8+3×.7+3×.9+1×.6)/10 = 78.00,
    # B = 100×(3×.9+3×.9+3×.8+1×.8)/10 = 86.00, C = 100×(3×.5+3×.6+3×.5+1×.5)/10 = 53.00.
    add_review(case, people["expert_a"], (8, 7, 9, 6), "select")
    add_review(case, people["expert_b"], (9, 9, 8, 8), "select")
    add_review(case, people["expert_c"], (5, 6, 5, 5), "reject")
    return people


def test_figures_match_hand_computed_values(client, reviewed):
    # Mean (78+86+53)/3 = 72.33; median 78.00; spread 33.00;
    # pstdev: Σx² = 6084+7396+2809 = 16289, n·mean² = 217²/3 = 15696.33,
    # √((16289 − 15696.33)/3) = √197.56 = 14.06.
    client.force_login(reviewed["editor"])
    campaign_id = reviewed["case"].campaign_id
    page = client.get(reverse("cases_admin:rankings", args=[campaign_id])).content.decode()
    for figure in ("72.33", "78.00", "14.06", "33.00", "2 / 0 / 1"):
        assert figure in page, figure
    book = load_workbook(
        io.BytesIO(client.get(reverse("cases_admin:rankings_xlsx", args=[campaign_id])).content)
    )
    header, first = [c.value for c in book.active[2]], [c.value for c in book.active[3]]
    row = dict(zip(header, first, strict=True))
    assert (float(row["平均分"]), float(row["中位数"]), float(row["标准差"])) == (
        72.33,
        78.0,
        14.06,
    )
    assert (row["评审份数"], row["入选"], row["不入选"]) == (3, 2, 1)


def test_unreviewed_cases_are_listed_apart_without_a_rank(client, reviewed):
    campaign = reviewed["case"].campaign
    CasePageFactory(parent=campaign, title="尚无评审的案例")
    client.force_login(reviewed["editor"])
    for order in ("desc", "asc"):
        page = client.get(
            reverse("cases_admin:rankings", args=[campaign.pk]), {"sort": "mean", "order": order}
        )
        soup = BeautifulSoup(page.content, "html.parser")
        ranked, apart = soup.select("table.listing")
        assert [r.find_all("td")[0].text for r in ranked.tbody.find_all("tr")] == ["1"]
        assert reviewed["case"].title in ranked.text and "尚无评审的案例" not in ranked.text
        assert "尚无评审的案例" in apart.text
        assert "不参与排名" in soup.find(id="unreviewed").text

    book = load_workbook(
        io.BytesIO(client.get(reverse("cases_admin:rankings_xlsx", args=[campaign.pk])).content)
    )
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [
        (1, reviewed["case"].title),
        ("未评审", "尚无评审的案例"),
    ]


def test_rankings_excel_columns_fit_their_contents(client, reviewed):
    client.force_login(reviewed["editor"])
    url = reverse("cases_admin:rankings_xlsx", args=[reviewed["case"].campaign_id])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    widths = {
        cell.column_letter: sheet.column_dimensions[cell.column_letter].width for cell in sheet[2]
    }
    title = reviewed["case"].title
    # A Chinese character is two units: the case name's column holds the whole title.
    assert widths["C"] >= min(display_width(title), 60) > len(title)
    assert widths["A"] < widths["C"]
    assert all(width and width > 4 for width in widths.values())


def test_rankings_queries_do_not_grow_with_cases(client, people):
    campaign = people["case"].campaign
    client.force_login(people["editor"])
    url = reverse("cases_admin:rankings", args=[campaign.pk])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_review(people["case"], people["expert_a"], (8, 7, 9, 6), "select")
    one = count()
    for _ in range(10):
        case = CasePageFactory(parent=campaign)
        add_review(case, people["expert_b"], (5, 5, 5, 5), "revise")
    assert count() == one


def test_dashboard_panels_per_role(client, people):
    case = people["case"]
    Assignment.objects.create(case=case, expert=people["expert_a"])
    client.force_login(people["expert_a"])
    dashboard = client.get("/admin/").content.decode()
    assert "待我评审" in dashboard and case.title in dashboard
    assert "评审进度（按篇）" not in dashboard
    client.force_login(people["editor"])
    dashboard = client.get("/admin/").content.decode()
    assert "评审进度（按篇）" in dashboard and "申报截止" in dashboard
    assert "待我评审" not in dashboard


def test_rankings_menu_reaches_a_campaign_added_after_start(rf, client, people, home):
    """The menu is built once per process; its 评审排名 link still leads to the newest
    campaign, added after the first request, without a restart."""
    from wagtail.admin.menu import admin_menu

    from tests.factories import CampaignPageFactory

    client.force_login(people["editor"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    newer = CampaignPageFactory(parent=home, year=2017, title="2017年案例征集")
    request = rf.get("/admin/")
    request.user = people["editor"]
    [item] = [i for i in admin_menu.menu_items_for_request(request) if i.label == "评审排名"]
    response = client.get(item.url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases_admin:rankings", args=[newer.pk])
    assert "2017年案例征集" in response.content.decode()
