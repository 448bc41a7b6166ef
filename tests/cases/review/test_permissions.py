"""Who may do what: every role against every action, crafted requests included."""

import pytest
from django.urls import reverse

from cases.models import (
    Assignment,
    CasePage,
    FinalApprovalTask,
    FormatCheckTask,
    Review,
    RevisionTask,
)
from cases.review.workflow import current_task_state
from tests import roles
from tests.cases.review.test_workflow import act, score

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "editor", "expert_a", "expert_b", "expert_own", "approver"]


def login(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])


def allowed(response):
    return response.status_code == 200


@pytest.fixture
def in_expert_review(people):
    case = people["case"]
    current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=people["editor"])
    Assignment.objects.create(case=case, expert=people["expert_a"])
    return people


@pytest.mark.parametrize("role", ROLES)
def test_view_and_edit_the_draft_and_see_contact_data(client, people, role):
    case = people["case"]
    login(client, people, role)
    may = role == "editor"
    assert allowed(client.get(reverse("wagtailadmin_pages:edit", args=[case.pk]))) is may
    application = case.application
    url = f"/admin/cases/application/edit/{application.pk}/"
    response = client.get(url)
    assert allowed(response) is may
    assert ("私密联系人" in response.content.decode()) is may
    pdf = client.get(reverse("cases_admin:application_pdf", args=[case.pk]))
    assert (pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf") is may
    # A crafted edit POST changes nothing for anyone but the editor.
    client.post(url, {"contact_name": "被改了"})
    application.refresh_from_db()
    assert (application.contact_name == "被改了") is may


@pytest.mark.parametrize("role", ROLES)
def test_score_and_see_others_scores(client, in_expert_review, role):
    people = in_expert_review
    assignment = Assignment.objects.get(expert=people["expert_a"])
    login(client, people, role)
    page = client.get(reverse("cases_admin:review_case", args=[assignment.pk]))
    assert allowed(page) is (role == "expert_a")
    assert "私密联系人" not in page.content.decode()
    score(client, assignment)
    assert Review.objects.filter(assignment=assignment).exists() is (role == "expert_a")


def test_others_scores_only_after_submitting_ones_own(client, in_expert_review):
    people = in_expert_review
    case = people["case"]
    a = Assignment.objects.get(expert=people["expert_a"])
    b = Assignment.objects.create(case=case, expert=people["expert_b"])
    client.force_login(people["expert_b"])
    score(client, b, (3, 3, 3, 3), "reject")  # 30.00
    client.force_login(people["expert_a"])
    before = client.get(reverse("cases_admin:review_case", args=[a.pk])).content.decode()
    assert "30.00" not in before and "其他专家的评审" not in before
    score(client, a)
    after = client.get(reverse("cases_admin:review_case", args=[a.pk])).content.decode()
    assert "专家1</strong>：30.00 分，不入选" in after


def test_experts_from_the_applicant_or_with_a_conflict_cannot_be_assigned(client, people):
    from cases.models import Conflict

    case = people["case"]
    Conflict.objects.create(expert=people["expert_b"], organization=case.organization)
    client.force_login(people["editor"])
    url = reverse("cases_admin:assign", args=[case.pk])
    for role in ("expert_own", "expert_b"):
        client.post(url, {"experts": [people[role].pk]})  # crafted: not offered in the form
        assert not Assignment.objects.filter(expert=people[role]).exists(), role
    client.post(url, {"experts": [people["expert_a"].pk]})
    assert Assignment.objects.filter(case=case, expert=people["expert_a"]).exists()
    # Only editors assign.
    client.force_login(people["approver"])
    client.post(url, {"experts": [people["expert_c"].pk]})
    assert not Assignment.objects.filter(expert=people["expert_c"]).exists()


@pytest.mark.parametrize("role", ROLES)
def test_approve_each_task(client, people, role):
    """Each task moves on only for its own group; a crafted POST by anyone else does nothing."""
    case = people["case"]
    expected = {
        FormatCheckTask: role == "editor",
        RevisionTask: role == "editor",
        FinalApprovalTask: role == "approver",
    }
    for task in (FormatCheckTask, RevisionTask, FinalApprovalTask):
        state = current_task_state(CasePage.objects.get(pk=case.pk))
        while not isinstance(state.task.specific, task):  # walk there as its group would
            state.approve(user=people["editor"])
            state = current_task_state(CasePage.objects.get(pk=case.pk))
        client.logout()
        login(client, people, role)
        act(client, case, "approve")
        state.refresh_from_db()
        assert (state.status == state.STATUS_APPROVED) is expected[task], task
        if state.status != state.STATUS_APPROVED:
            owner = people["approver"] if task is FinalApprovalTask else people["editor"]
            state.approve(user=owner)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_final_approval_publishes(client, people, role):
    case = CasePage.objects.get(pk=people["case"].pk)
    user = people.get(role)
    # In 形式审查 nobody may publish, the approver included (no skipping the review).
    assert not (user is not None and case.permissions_for_user(user).can_publish())
    login(client, people, role)
    from tests.cases.test_case_admin import case_form

    data = case_form(case.title, "", case.organization, slug=case.slug)
    data["action-publish"] = "publish"
    client.post(reverse("wagtailadmin_pages:edit", args=[case.pk]), data)
    # Not even the approver publishes from the editor before the case reaches 终审.
    assert not CasePage.objects.get(pk=case.pk).live


def walk_to_final(people):
    case = people["case"]
    for _ in range(3):
        current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=people["editor"])
    return CasePage.objects.get(pk=case.pk)


@pytest.mark.parametrize("role", ROLES)
def test_at_final_approval_only_the_approver_publishes(people, role):
    case = walk_to_final(people)
    user = people.get(role)
    can = user is not None and case.permissions_for_user(user).can_publish()
    assert can is (role == "approver")


@pytest.mark.parametrize("role", ROLES)
def test_approvers_cannot_publish_or_withdraw_other_pages(client, people, role, home, campaign):
    login(client, people, role)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[home.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[campaign.pk]))
    home.refresh_from_db()
    campaign.refresh_from_db()
    # Editors run the site; nobody else withdraws its pages.
    assert (home.live and campaign.live) or role == "editor"
    user = people.get(role)
    if user is not None and role != "editor":
        assert not home.permissions_for_user(user).can_unpublish()


@pytest.mark.parametrize("role", ROLES)
def test_rankings_and_exports(client, people, role):
    campaign_id = people["case"].campaign_id
    login(client, people, role)
    may_rank = role in ("editor", "approver")
    assert allowed(client.get(reverse("cases_admin:rankings", args=[campaign_id]))) is may_rank
    xlsx = client.get(reverse("cases_admin:rankings_xlsx", args=[campaign_id]))
    assert (xlsx.status_code == 200) is may_rank
    url = reverse("cases_admin:rankings", args=[campaign_id])
    # A draft cannot be put into the book, whoever asks.
    client.post(url, {"selected": [people["case"].pk]})
    assert not CasePage.objects.get(pk=people["case"].pk).selected_for_compilation
    # After 终审 the case is selected; only editors change the selection.
    case = walk_to_final(people)
    current_task_state(case).approve(user=people["approver"])
    assert CasePage.objects.get(pk=case.pk).selected_for_compilation
    client.post(url, {})  # unmark everything shown
    assert CasePage.objects.get(pk=case.pk).selected_for_compilation is (role != "editor")


def test_rankings_excel_keeps_formulas_as_text(client, people):
    import io

    from openpyxl import load_workbook

    case = people["case"]
    CasePage.objects.filter(pk=case.pk).update(title='=HYPERLINK("http://evil.example","x")')
    client.force_login(people["editor"])
    data = client.get(reverse("cases_admin:rankings_xlsx", args=[case.campaign_id])).content
    cell = load_workbook(io.BytesIO(data)).active["C3"]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_experts_cannot_score_outside_expert_review_or_after_a_conflict(client, in_expert_review):
    from cases.models import Conflict

    people = in_expert_review
    case = people["case"]
    assignment = Assignment.objects.get(expert=people["expert_a"])
    Conflict.objects.create(expert=people["expert_a"], organization=case.organization)
    client.force_login(people["expert_a"])
    score(client, assignment)
    assert not Review.objects.exists()
    Conflict.objects.all().delete()
    current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=people["editor"])
    score(client, assignment)  # now in 复核修改
    assert not Review.objects.exists()


def test_each_group_has_exactly_its_permissions():
    from django.contrib.auth.models import Group

    for name, expected in roles.MODEL_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        actual = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
        assert actual == set(expected), name
        pages = {p.permission.codename for p in group.page_permissions.all()}
        wanted = {
            roles.EDITORS: set(roles.EDITOR_PAGE_PERMISSIONS),
            roles.APPROVERS: set(roles.APPROVER_PAGE_PERMISSIONS),
        }.get(name, set())
        assert pages == wanted, name


@pytest.mark.parametrize("role", ROLES)
def test_review_listing_is_for_editors_and_approvers(client, in_expert_review, role):
    people = in_expert_review
    assignment = Assignment.objects.get(expert=people["expert_a"])
    client.force_login(people["expert_a"])
    score(client, assignment)
    client.logout()
    login(client, people, role)
    listing = client.get("/admin/cases/review/")
    may = role in ("editor", "approver")
    assert allowed(listing) is may
    assert ("经验可推广。" in listing.content.decode()) is False  # comments only on inspect
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[people["case"].pk]))
    assert ("经验可推广。" in editor.content.decode()) is (role == "editor")
