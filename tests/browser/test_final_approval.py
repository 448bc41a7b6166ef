"""After the experts: 终审 approves a case from the dashboard and it goes live; an editor
marks cases 入选汇编 on the rankings; an editor publishes a 勘误 to a live case. Each is
done in the Wagtail admin as a person clicks, at a desk (1280 wide)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cases.models import Application, Assignment, CasePage, Decision, FinalApprovalTask, Review
from cases.models.review import start_review
from cases.review.scoring import ensure_criteria
from cases.review.workflow import current_task_state
from cases.text.content import body_from_text, summary_from_text, text_of
from tests import roles
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.browser.people import DESKTOP, TEXT, log_in, member, new_page, open_campaign
from tests.factories import CasePageFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, needs_chromium]
TITLE = "楼道里的议事会"
CORRECTED = "两年下来，楼道清爽了，邻里之间也熟络了。"
NOTE = "更正时长：议事会成立两年，误作一年"


def case_at_final_approval(
    campaign, editor, title=TITLE, number="JA2016-011", organization="新家园建设与合作事务所"
):
    """A submitted case that 形式审查, 专家评审 and 复核修改 have passed."""
    case = CasePageFactory(
        parent=campaign,
        organization=OrganizationFactory(name=organization),
        title=title,
        live=False,
        submission_number=number,
        submitted_on=datetime.date(2016, 6, 10),
        summary=summary_from_text(TEXT),
        body=body_from_text(TEXT),
    )
    case.save_revision()
    Application.objects.create(
        case=case, contact_name="申报联系人甲", contact_email="applicant@example.org"
    )
    start_review(case)
    for _ in range(3):  # 形式审查, 专家评审, 复核修改
        current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=editor)
    state = current_task_state(CasePage.objects.get(pk=case.pk))
    assert isinstance(state.task.specific, FinalApprovalTask)
    return case


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_final_approval_publishes_the_case(live_server, browser, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    editor = member("editor", roles.EDITORS, "王", "编辑")
    approver = member("approver", roles.APPROVERS, "李", "终审")
    case = case_at_final_approval(open_campaign(), editor)

    # The approver logs in and finds the case waiting on the dashboard.
    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, approver)
    panel = page.locator("section").filter(has=page.get_by_role("heading", name="等待你的审查"))
    waiting = panel.get_by_role("link", name=TITLE, exact=True)
    assert waiting.count() == 1
    shoot_admin(page, "approval-dashboard-1280")
    waiting.click()
    page.wait_for_load_state()

    # The case's editor at 终审: the 汇编 panel tells what approving means for the book.
    assert "终审通过后，本案例将收入汇编。" in page.locator("main").inner_text()
    shoot_admin(page, "approval-case-1280")
    page.locator("footer .w-dropdown__toggle").click()
    page.get_by_role("button", name="批准 和发布", exact=True).click()
    page.wait_for_load_state()
    assert f"页面“{TITLE}”已被更新。" in page.locator(".messages").inner_text()
    shoot_admin(page, "approval-approved-1280")
    case = CasePage.objects.get(pk=case.pk)
    assert case.live and case.selected_for_compilation
    assert current_task_state(case) is None  # the workflow is over

    # A visitor now reads the case on the public site.
    visitor = new_page(browser, DESKTOP)
    response = visitor.goto(live_server.url + case.url)
    assert response.status == 200
    assert visitor.locator("h1").inner_text().strip() == TITLE
    assert "社区社会组织牵头成立楼道议事会" in visitor.locator("main").inner_text()
    shoot(visitor, "approval-public-1280")


def reviewed(case, expert, score):
    """One expert's submitted review of the case, every criterion at `score`."""
    criteria = ensure_criteria(case.campaign)
    assignment = Assignment.objects.create(case=case, expert=expert)
    Review.objects.create(
        assignment=assignment,
        scores={str(c.pk): score for c in criteria},
        comment="经验可推广。",
        recommendation="select",
        weighted_total=score * 10,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_marks_a_case_for_the_book_on_the_rankings(live_server, browser):
    editor = member("editor", roles.EDITORS, "王", "编辑")
    expert = member("expert", roles.EXPERTS, "赵", "专家")
    campaign = open_campaign()
    chosen = CasePageFactory(parent=campaign, title="已入选的案例", submission_number="JA2016-001")
    picked = CasePageFactory(parent=campaign, title=TITLE, submission_number="JA2016-002")
    pending = CasePageFactory(
        parent=campaign, title="尚在评审的案例", submission_number="JA2016-003", live=False
    )
    for case, score in ((chosen, 9), (picked, 7), (pending, 8)):
        reviewed(case, expert, score)
    Decision.record(chosen, True)

    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, editor)
    page.get_by_role("link", name="评审排名").click()
    page.wait_for_load_state()
    assert campaign.nav_title in page.locator("header").inner_text()
    box = page.get_by_label(f"{TITLE} 入选汇编")
    assert not box.is_checked()
    assert page.get_by_label("已入选的案例 入选汇编").is_checked()
    assert page.get_by_label("尚在评审的案例 入选汇编").is_disabled()  # not past 终审
    box.check()
    shoot_admin(page, "rankings-marked-1280")
    page.get_by_role("button", name="保存入选名单").click()
    page.wait_for_load_state()
    assert "已标记 2 个案例入选汇编。" in page.locator(".messages").inner_text()

    page.reload()
    assert page.get_by_label(f"{TITLE} 入选汇编").is_checked()
    assert page.get_by_label("已入选的案例 入选汇编").is_checked()
    row = page.locator("tr").filter(has=page.get_by_label(f"{TITLE} 入选汇编"))
    assert row.locator("td").last.inner_text().strip() == "是"  # the book will print it
    shoot_admin(page, "rankings-saved-1280")
    assert CasePage.objects.get(pk=picked.pk).selected_for_compilation


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_publishes_a_correction_to_a_live_case(live_server, browser):
    editor = member("editor", roles.EDITORS, "王", "编辑")
    campaign = open_campaign()
    case = CasePageFactory(
        parent=campaign,
        title=TITLE,
        submission_number="JA2016-012",
        summary=summary_from_text(TEXT),
        body=body_from_text(TEXT),
    )

    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, editor)
    page.goto(live_server.url + f"/admin/pages/{campaign.pk}/")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_load_state()
    shoot_admin(page, "correction-edit-1280")
    editor_box = page.locator("[contenteditable=true]").filter(has_text="一年下来")
    editor_box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(CORRECTED)
    # Draftail writes the form's field a moment after typing; saving before loses it.
    expect(page.locator("input[name=body-2-value]")).to_have_value(re.compile("两年下来"))
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert f"页面“{TITLE}”已被更新。" in page.locator(".messages").inner_text()
    assert "一年下来" in text_of(CasePage.objects.get(pk=case.pk))  # the public text waits

    # 发布勘误, from the page's header menu: the change to confirm, and a note.
    page.locator("header").get_by_role("button", name="动作").click()
    shoot_admin(page, "correction-menu-1280")
    page.get_by_role("link", name="发布勘误").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip().startswith("发布勘误")
    diff = page.locator(".correction-diff").inner_text()
    assert "删去：一年下来，楼道清爽了，邻里之间也熟络了。" in diff
    assert f"改为：{CORRECTED}" in diff
    page.get_by_label("勘误说明").fill(NOTE)
    shoot_admin(page, "correction-form-1280")
    page.get_by_role("button", name="发布勘误").click()
    page.wait_for_load_state()

    # The page history: the success message and the note.
    assert f"勘误已发布：{TITLE}" in page.locator(".messages").inner_text()
    assert f"发布勘误：{NOTE}" in page.locator("main").inner_text()
    shoot_admin(page, "correction-history-1280")

    visitor = new_page(browser, DESKTOP)
    visitor.goto(live_server.url + case.url)
    text = visitor.locator("main").inner_text()
    assert CORRECTED in text and "一年下来" not in text
    shoot(visitor, "correction-public-1280")
