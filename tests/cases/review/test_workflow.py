"""One case through 形式审查 → 专家评审 → 复核修改 → 终审, with a revision loop."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState

from cases.models import (
    Assignment,
    CasePage,
    ExpertReviewTask,
    FinalApprovalTask,
    FormatCheckTask,
    RevisionTask,
)
from cases.review.workflow import current_task_state

pytestmark = pytest.mark.django_db


def step(case):
    """The type of the task the case stands at (steps are known by type, not name)."""
    state = current_task_state(CasePage.objects.get(pk=case.pk))
    return type(state.task.specific) if state else None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a step as a request would: e-mails are handed over once it commits."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def act(client, case, action, comment=""):
    state = current_task_state(CasePage.objects.get(pk=case.pk))  # never a cached state
    url = reverse("wagtailadmin_pages:workflow_action", args=[case.pk, action, state.pk])
    return client.post(url, {"comment": comment} if comment else {})


def score(client, assignment, scores=(8, 7, 9, 6), recommendation="select"):
    from cases.review.scoring import ensure_criteria

    criteria = ensure_criteria(assignment.case.campaign)
    data = {f"score_{c.pk}": s for c, s in zip(criteria, scores, strict=True)}
    data.update(comment="经验可推广。", recommendation=recommendation)
    return client.post(reverse("cases_admin:review_case", args=[assignment.pk]), data)


def test_a_case_through_all_four_tasks_with_a_revision_loop(client, people, committed):
    case = people["case"]
    assert step(case) is FormatCheckTask

    # 形式审查 sends it back; the applicant is told; the editor resubmits.
    client.force_login(people["editor"])
    committed(act, client, case, "reject", comment="请补充第二张照片的说明。")
    state = CasePage.objects.get(pk=case.pk).current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES
    # Wagtail told the editors (the task's group) when it entered 形式审查; the request
    # for changes goes to the applicant only.
    assert [m.to for m in mail.outbox] == [["editor@example.org"], ["applicant@example.org"]]
    changes = mail.outbox[1]
    assert "请补充第二张照片的说明。" in changes.body
    # The applicant reads the request on the private status page.
    from cases.mail.links import status_token

    status = client.get(reverse("submission_status", args=[status_token(case)])).content.decode()
    assert "需要修改" in status and "请补充第二张照片的说明。" in status
    assert "私密联系人" not in status
    state.resume(user=people["editor"])
    assert step(case) is FormatCheckTask
    act(client, case, "approve")
    assert step(case) is ExpertReviewTask

    # Three experts are assigned (never the one from the applicant organisation).
    committed(client.post, reverse("cases_admin:auto_assign", args=[case.campaign_id]))
    assigned = set(Assignment.objects.filter(case=case).values_list("expert__username", flat=True))
    assert assigned == {"expert_a", "expert_b", "expert_c"}
    assert sorted(m.to[0] for m in mail.outbox[2:] if "评审任务" in m.subject) == [
        "expert_a@example.org",
        "expert_b@example.org",
        "expert_c@example.org",
    ]

    for username in ("expert_a", "expert_b"):
        client.force_login(people[username])
        score(client, Assignment.objects.get(case=case, expert__username=username))
        assert step(case) is ExpertReviewTask  # not enough reviews yet
    client.force_login(people["expert_c"])
    score(client, Assignment.objects.get(case=case, expert__username="expert_c"), (5, 5, 5, 5))
    assert step(case) is RevisionTask

    # 复核修改: the editor revises the text and approves; history keeps both versions.
    client.force_login(people["editor"])
    case = CasePage.objects.get(pk=case.pk)
    case.summary = "按专家意见修改后的摘要。"
    case.save_revision(user=people["editor"])
    act(client, case, "approve")
    assert step(case) is FinalApprovalTask
    assert case.revisions.count() >= 2

    # 终审 approves: published, selected, photos public, the applicant is told.
    client.force_login(people["approver"])
    before = len(mail.outbox)
    committed(act, client, case, "approve")
    case = CasePage.objects.get(pk=case.pk)
    assert case.live
    assert case.selected_for_compilation
    assert case.summary == "按专家意见修改后的摘要。"
    [decision] = mail.outbox[before:]
    assert decision.to == ["applicant@example.org"] and "入选" in decision.body


def test_final_rejection_keeps_the_case_unpublished_with_its_reason(client, people, committed):
    case = people["case"]
    from cases.review.workflow import complete_expert_review_if_done  # noqa: F401

    # Skip ahead: approve the first three tasks as a superuser would.
    for _ in range(3):
        state = current_task_state(CasePage.objects.get(pk=case.pk))
        state.approve(user=people["editor"])
    assert step(case) is FinalApprovalTask
    client.force_login(people["approver"])
    committed(act, client, case, "reject", comment="与已入选案例重复。")
    case = CasePage.objects.get(pk=case.pk)
    assert not case.live
    assert not case.selected_for_compilation
    assert case.decision_note == "与已入选案例重复。"
    assert "未能入选" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["applicant@example.org"]
    assert TaskState.objects.filter(comment="与已入选案例重复。").exists()


def _to_final_approval(case, editor):
    for _ in range(3):
        current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=editor)
    assert step(case) is FinalApprovalTask


def test_renamed_steps_and_groups_change_nothing(client, people):
    """Editors may rename the workflow, its tasks and the groups in the admin: steps are
    known by their types and roles by the tasks' own groups."""
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    for task in Task.objects.all():
        task.name = f"改名-{task.pk}"
        task.save()
    Workflow.objects.update(name="改过名的评审流程")
    for group in Group.objects.all():
        group.name = f"改名组-{group.pk}"
        group.save()
    case = people["case"]
    assert step(case) is FormatCheckTask
    client.force_login(people["editor"])
    act(client, case, "approve")
    assert step(case) is ExpertReviewTask
    # The experts are still found through the expert step's group.
    client.post(reverse("cases_admin:auto_assign", args=[case.campaign_id]))
    assigned = set(Assignment.objects.filter(case=case).values_list("expert__username", flat=True))
    assert assigned == {"expert_a", "expert_b", "expert_c"}
    for username in sorted(assigned):
        client.force_login(people[username])
        score(client, Assignment.objects.get(case=case, expert__username=username))
    assert step(case) is RevisionTask
    client.force_login(people["editor"])
    act(client, case, "approve")
    client.force_login(people["approver"])
    assert CasePage.objects.get(pk=case.pk).permissions_for_user(people["approver"]).can_publish()
    act(client, case, "approve")
    case = CasePage.objects.get(pk=case.pk)
    assert case.live and case.selected_for_compilation


def test_the_decision_survives_republishing_and_reverting(client, people, admin_user):
    """终审's outcome is not page content: publishing an older revision, or reverting to
    one, leaves it as it was."""
    case = people["case"]
    first_revision = CasePage.objects.get(pk=case.pk).latest_revision
    _to_final_approval(case, people["editor"])
    client.force_login(people["approver"])
    act(client, case, "reject", comment="与已入选案例重复。")
    case = CasePage.objects.get(pk=case.pk)
    assert not case.selected_for_compilation
    assert case.decision_note == "与已入选案例重复。"

    # A superuser publishes the revision from before the decision, then reverts to it.
    first_revision.publish(user=admin_user)
    case = CasePage.objects.get(pk=case.pk)
    assert case.live
    assert (case.selected_for_compilation, case.decision_note) == (False, "与已入选案例重复。")
    client.force_login(admin_user)
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[case.pk, first_revision.pk])
    assert client.get(revert).status_code == 200
    case.save_revision(user=admin_user).publish(user=admin_user)
    case = CasePage.objects.get(pk=case.pk)
    assert case.decision_note == "与已入选案例重复。"

    # Marked for the book from the rankings: a later publish keeps the mark too.
    client.force_login(people["editor"])
    client.post(reverse("cases_admin:rankings", args=[case.campaign_id]), {"selected": [case.pk]})
    assert CasePage.objects.get(pk=case.pk).selected_for_compilation
    first_revision.publish(user=admin_user)
    assert CasePage.objects.get(pk=case.pk).selected_for_compilation


def test_the_summary_table_shows_where_each_case_stands(client, people, committed):
    from cases.submission.exports import summary_rows

    case = people["case"]
    task = current_task_state(CasePage.objects.get(pk=case.pk)).task.name

    def status():
        return {row[1]: row[-1] for row in summary_rows(case.campaign, False)}[case.title]

    assert status() == f"审核中：{task}"  # not 草稿, as Wagtail's own prefetch read it
    client.force_login(people["editor"])
    committed(act, client, case, "reject", comment="请补充照片说明。")
    assert status() == f"退回修改（{task}）"
