"""What follows the review workflow's transitions: the decision at 终审 and the e-mails to
a step's group and to the requester. Connected once by CasesConfig.ready()."""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from cases.mail import notifications
from cases.models import ExpertReviewTask
from cases.review.workflow import on_workflow_approved, on_workflow_rejected


def notify_step_waiting(sender, instance, user=None, **kwargs):
    # Experts hear of their cases when assigned, not when a case enters 专家评审.
    if not isinstance(instance.task.specific, ExpertReviewTask):
        notifications.step_waiting(instance, user)


def notify_requester_approved(sender, instance, user=None, **kwargs):
    notifications.workflow_outcome(instance, approved=True, user=user)


def notify_requester_rejected(sender, instance, user=None, **kwargs):
    notifications.workflow_outcome(instance, approved=False, user=user)


def register():
    # Wagtail sends the workflow's outcome with WorkflowState as sender; the decision is
    # recorded before the requester is told (receivers run in the order connected).
    workflow_approved.connect(
        on_workflow_approved, sender=WorkflowState, dispatch_uid="cases_workflow_approved"
    )
    workflow_rejected.connect(
        on_workflow_rejected, sender=WorkflowState, dispatch_uid="cases_workflow_rejected"
    )
    task_submitted.connect(notify_step_waiting, sender=TaskState, dispatch_uid="cases_step")
    workflow_approved.connect(
        notify_requester_approved, sender=WorkflowState, dispatch_uid="cases_requester_ok"
    )
    workflow_rejected.connect(
        notify_requester_rejected, sender=WorkflowState, dispatch_uid="cases_requester_back"
    )
