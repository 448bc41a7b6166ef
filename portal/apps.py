"""Wagtail's admin app, configured for this portal."""

from wagtail.admin.apps import WagtailAdminAppConfig


class WagtailAdminConfig(WagtailAdminAppConfig):
    """Wagtail's admin without its workflow e-mails: they are English, and sent inside
    the workflow's transaction (a mail server failure rolled back a final approval).
    cases/notifications.py sends their Chinese replacements after commit."""

    def ready(self):
        super().ready()
        # Imported here: an apps module is loaded before any models are.
        from wagtail.models import TaskState, WorkflowState
        from wagtail.signals import (
            task_submitted,
            workflow_approved,
            workflow_rejected,
            workflow_submitted,
        )

        for signal, sender, uid in (
            (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
            (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
            (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
            (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
        ):
            signal.disconnect(sender=sender, dispatch_uid=uid)
