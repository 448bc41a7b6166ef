"""The 优秀案例评审 workflow around a case: start it, move it on, record its outcome."""

from django.db import transaction
from wagtail.models import TaskState, Workflow

from cases import roles
from cases.review.notifications import notify_changes_requested, notify_decision


def case_workflow():
    return Workflow.objects.filter(name=roles.WORKFLOW_NAME, active=True).first()


def start_review(case, user=None):
    """Put a submitted case into 形式审查 (no-op without the workflow or when already in)."""
    workflow = case_workflow()
    if workflow is None or case.workflow_in_progress:
        return None
    return workflow.start(case, user)


def current_task_state(case):
    state = case.current_workflow_state
    return state.current_task_state.specific if state and state.current_task_state else None


def is_in_expert_review(case):
    task_state = current_task_state(case)
    return task_state is not None and task_state.task.name == roles.TASK_EXPERT_REVIEW


def complete_expert_review_if_done(case, user=None):
    """Approve 专家评审 once the campaign's required number of reviews are in."""
    from cases.models import Review

    task_state = current_task_state(case)
    if task_state is None or task_state.task.name != roles.TASK_EXPERT_REVIEW:
        return False
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        return False
    required = case.campaign.reviews_required if case.campaign_id else 3
    if Review.objects.filter(assignment__case=case).count() < required:
        return False
    with transaction.atomic():
        task_state.approve(user=user, comment=f"已收齐 {required} 份专家评审")
    return True


def on_workflow_approved(sender, instance, user=None, **kwargs):
    """终审 approved: the case is published (by Wagtail) and goes into the book."""
    from cases.models import CasePage

    case = instance.content_object
    if not isinstance(case.specific, CasePage):
        return
    case = case.specific
    CasePage.objects.filter(pk=case.pk).update(selected_for_compilation=True, decision_note="")
    notify_decision(case, selected=True)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """A task asked for changes; at 终审 that is the decision, recorded with its reason."""
    from cases.models import CasePage

    task_state = instance.current_task_state
    case = instance.content_object.specific
    if not isinstance(case, CasePage) or task_state is None:
        return
    if task_state.task.name == roles.TASK_FINAL:
        note = task_state.comment or "终审未通过"
        CasePage.objects.filter(pk=case.pk).update(
            selected_for_compilation=False, decision_note=note
        )
        notify_decision(case, selected=False, note=note)
    else:
        notify_changes_requested(case, task_state.comment)
