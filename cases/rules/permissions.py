"""Who may publish what.

Cases are published only by the final approval (终审); approvers hold publish_page on
the whole tree only so that Wagtail lets them act on a case there, so every other page
type also needs edit rights to publish or withdraw (the home page, a campaign).
"""

from wagtail.models import PagePermissionTester, WorkflowState


class PublishNeedsEditTester(PagePermissionTester):
    def can_publish(self):
        return super().can_publish() and self.can_edit()

    def can_unpublish(self):
        return super().can_unpublish() and self.can_edit()


class PublishNeedsEditMixin:
    def permissions_for_user(self, user):
        return PublishNeedsEditTester(user, self)


class CasePermissionTester(PagePermissionTester):
    """Only the final approval publishes or withdraws a case: editors run the review but
    cannot skip 终审, and approvers act only when a case has reached it."""

    def _at_final_approval(self):
        if self.user.is_superuser:
            return True
        state = (
            WorkflowState.objects.for_instance(self.page)
            .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_APPROVED])
            .select_related("current_task_state__task__content_type")
            .order_by("-created_at")
            .first()
        )
        if state is None or state.current_task_state is None:
            return False
        # Approved: the workflow has just finished at 终审 and publishes the case. Only
        # the final approval's task type (FinalApprovalTask) answers may_publish.
        may_publish = getattr(state.current_task_state.task.specific, "may_publish", None)
        return may_publish is not None and may_publish(self.user)

    def can_publish(self):
        return self._at_final_approval() and super().can_publish()

    def can_unpublish(self):
        return self._at_final_approval() and super().can_unpublish()

    def can_submit_for_moderation(self):
        # A case its applicant withdrew (撤回) stays out of the review for good.
        application = getattr(self.page, "application", None)
        withdrawn = application is not None and application.withdrawn_at is not None
        return not withdrawn and super().can_submit_for_moderation()
