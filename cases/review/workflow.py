"""The review workflow around a case: where it stands, moving it on, its outcome.

Steps are known by their task types (cases/models/review.py), never by their names,
which editors may change in the admin.
"""

from django.db import transaction
from wagtail.models import TaskState

from cases.mail import notifications
from cases.models import CasePage, Decision, ExpertReviewTask, FinalApprovalTask, Review
from cases.review.selection import book_place


def current_task_state(case):
    state = case.current_workflow_state
    return state.current_task_state.specific if state and state.current_task_state else None


def _at(case, task_type):
    task_state = current_task_state(case)
    if task_state is None or not isinstance(task_state.task.specific, task_type):
        return None
    return task_state


def is_in_expert_review(case):
    return _at(case, ExpertReviewTask) is not None


def complete_expert_review_if_done(case, user=None):
    """Approve 专家评审 once the campaign's required number of reviews are in."""
    task_state = _at(case, ExpertReviewTask)
    if task_state is None:
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
    case = instance.content_object.specific
    if not isinstance(case, CasePage):
        return
    Decision.record(case, selected=True, user=user)
    # The e-mail promises the book only when the book will print the case.
    notifications.decision(case, selected=True, in_book=book_place(case, approving=True).in_book)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """A task asked for changes; at 终审 that is the decision, recorded with its reason."""
    task_state = instance.current_task_state
    case = instance.content_object.specific
    if not isinstance(case, CasePage) or task_state is None:
        return
    if isinstance(task_state.task.specific, FinalApprovalTask):
        note = task_state.comment or "终审未通过"
        Decision.record(case, selected=False, note=note, user=user)
        notifications.decision(case, selected=False, note=note)
    else:
        notifications.changes_requested(case, task_state.comment)
