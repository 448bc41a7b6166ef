"""After the experts: 终审 approves a case from the dashboard and it goes live; an editor
marks cases 入选汇编 on the rankings; an editor publishes a 勘误 to a live case. Each is
done in the Wagtail admin as a person clicks, at a desk (1280 wide)."""

import datetime

import pytest

from cases.content import body_from_text, summary_from_text
from cases.models import Application, CasePage, FinalApprovalTask
from cases.models.review import start_review
from cases.review.workflow import current_task_state
from tests import roles
from tests.browser.conftest import needs_chromium, shoot, shoot_admin
from tests.browser.people import DESKTOP, TEXT, log_in, member, new_page, open_campaign
from tests.factories import CasePageFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, needs_chromium]
TITLE = "楼道里的议事会"


def case_at_final_approval(campaign, editor):
    """A submitted case that 形式审查, 专家评审 and 复核修改 have passed."""
    case = CasePageFactory(
        parent=campaign,
        organization=OrganizationFactory(name="新家园建设与合作事务所"),
        title=TITLE,
        live=False,
        submission_number="JA2016-011",
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
    waiting = page.get_by_role("link", name=TITLE)
    assert waiting.count() >= 1
    shoot_admin(page, "approval-dashboard-1280")
    waiting.first.click()
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
