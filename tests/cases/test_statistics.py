"""A campaign's figures: public once the call has closed, with counts only and small groups
pooled; live for staff with the experts' progress, and as an Excel workbook (issue 26)."""

import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Application, Assignment, Decision
from cases.statistics.charts import bar_chart
from tests import roles
from tests.cases.review.conftest import member
from tests.factories import CampaignPageFactory, CasePageFactory, OrganizationFactory, section
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def call(home):
    campaign = CampaignPageFactory(parent=home, slug="call-2016")
    big = OrganizationFactory(name="静安寺睦邻中心", kind="life_service")
    lone = OrganizationFactory(name="北站孤单的调解工作室", kind="mediation")
    cases = []
    for _ in range(4):
        cases.append(
            CasePageFactory(
                parent=campaign,
                organization=big,
                street="静安寺街道",
                category=section("life-service"),
                live=False,
            )
        )
    unselected = CasePageFactory(
        parent=campaign,
        organization=lone,
        street="北站街道",
        category=section("mediation"),
        participant_type="deputy",
        live=False,
    )
    Application.objects.create(
        case=unselected,
        contact_name="私密联系人",
        contact_email="secret@example.org",
        contact_mobile="13911112222",
    )
    withdrawn = CasePageFactory(parent=campaign, organization=big, street="静安寺街道", live=False)
    Application.objects.create(case=withdrawn, withdrawn_at=timezone.now())
    Decision.objects.create(case=cases[0], selected=True)
    return campaign


def test_public_page_waits_for_the_call_to_close(client, call):
    call.submission_deadline = timezone.now() + datetime.timedelta(days=3)
    call.save_revision().publish()
    text = visible_text(client.get("/call-2016/statistics/"))
    assert "本次征集尚未截止，申报统计将在申报截止" in text
    assert "收到申报" not in text


def test_public_page_shows_counts_and_no_private_or_small_cell(client, call):
    response = client.get("/call-2016/statistics/")
    html = response.content.decode()
    text = visible_text(response)
    assert "收到申报 5 件" in text  # the withdrawn one is not counted
    assert "入选案例 1 件" in text
    page = soup(response)
    tables = {t.caption.get_text(): t for t in page.select("table.figures__table")}
    streets = [
        (tr.th.get_text(), tr.td.get_text()) for tr in tables["按街道/镇的申报数"].tbody("tr")
    ]
    # 北站街道 had one application: pooled into an unnamed 其他.
    assert streets == [("静安寺街道", "4"), ("其他", "1")]
    participants = tables["按参与主体的申报数"].get_text()
    assert "两代表一委员" not in participants
    # Nothing of the unselected applicant, no contact data, anywhere on the page.
    for private in (
        "北站孤单的调解工作室",
        "北站街道",
        "私密联系人",
        "secret@example.org",
        "13911112222",
    ):
        assert private not in html
    # Each chart is an image with its title and the figures in its description.
    chart = page.select_one("svg[role=img]")
    assert chart.title.get_text() == "按篇"
    assert "生活服务篇 4" in chart.desc.get_text()
    assert not page.select("script[src]")


def test_a_small_group_of_published_cases_is_shown_as_it_is(client, call):
    # The library already shows this case, its street and its type: nothing to hide.
    CasePageFactory(parent=call, street="彭浦镇", participant_type="volunteer")
    page = soup(client.get("/call-2016/statistics/"))
    tables = {t.caption.get_text(): t for t in page.select("table.figures__table")}
    streets = [
        (tr.th.get_text(), tr.td.get_text()) for tr in tables["按街道/镇的申报数"].tbody("tr")
    ]
    assert streets == [("静安寺街道", "4"), ("彭浦镇", "1"), ("其他", "1")]


def test_public_page_of_an_unknown_campaign_is_not_found(client, call):
    assert client.get("/no-such-call/statistics/").status_code == 404


def test_the_chart_scales_bars_to_the_largest_count():
    svg = str(bar_chart("c", "按篇", [("甲", 4), ("乙", 2)]))
    assert 'width="300.0"' in svg and 'width="150.0"' in svg
    assert '<desc id="c-desc">甲 4；乙 2</desc>' in svg
    assert "暂无数据" in str(bar_chart("e", "空", []))


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "editor", roles.EDITORS, first_name="敏", last_name="周")


def test_staff_see_everything_live_with_experts_and_the_workbook(
    client, call, editor, django_user_model
):
    expert = member(django_user_model, "expert_a", roles.EXPERTS, first_name="伟", last_name="王")
    case = call.cases.filter(street="北站街道").get()
    Assignment.objects.create(case=case, expert=expert, due_on=datetime.date(2016, 6, 30))
    client.force_login(editor)
    page = client.get(reverse("cases_admin:statistics", args=[call.pk]))
    text = visible_text(page)
    assert "收到申报 5" in text and "已撤回 1" in text and "评审逾期 1" in text
    streets = soup(page).select("table.figures__table")[1].get_text()
    assert "北站街道" in streets  # staff see every group
    experts = soup(page).select_one("table.figures__experts").get_text(" ", strip=True)
    assert "王伟 1 0 1 1" in experts
    assert "改派" in soup(page).select_one(".overdue-list").get_text()
    # The workbook holds the same figures.
    xlsx = client.get(reverse("cases_admin:statistics_xlsx", args=[call.pk]))
    assert "attachment" in xlsx["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [
        "总览",
        "按篇",
        "按街道、镇",
        "按单位类型",
        "按参与主体",
        "专家评审进度",
    ]
    assert [c.value for c in book["总览"]["B"]][1:3] == [5, 1]
    rows = list(book["按街道、镇"].values)
    assert ("北站街道", 1) in rows and rows[-1] == ("合计", 5)
    assert list(book["专家评审进度"].values)[1] == ("王伟", 1, 0, 1, 1)
    # The dashboard panel shows the same, live.
    dashboard = visible_text(client.get("/admin/"))
    assert "收到申报 5 件 · 入选 1 件 · 已撤回 1 件 · 评审逾期 1 项" in dashboard


def test_experts_and_visitors_may_not_see_staff_figures(client, call, django_user_model):
    expert = member(django_user_model, "expert_a", roles.EXPERTS)
    client.force_login(expert)
    assert client.get(reverse("cases_admin:statistics", args=[call.pk])).status_code in (302, 403)
    assert client.get(reverse("cases_admin:statistics_xlsx", args=[call.pk])).status_code in (
        302,
        403,
    )
    client.logout()
    response = client.get(reverse("cases_admin:statistics_xlsx", args=[call.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
