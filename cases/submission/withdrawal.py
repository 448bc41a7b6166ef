"""The applicant's withdrawal (撤回) of a submission, allowed until the format check
starts. The case stays for the record, marked withdrawn on its application and out of
the review; its 申报编号 stays with it (the counter never hands a number out twice)."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from cases.models import Application, CasePage, FormatCheckTask
from cases.submission.revision import applicant_name

ACTION = "cases.applicant_withdrawal"
REFUSED = "形式审查已经开始，申报不能再在线撤回。如需撤回，请联系主办方。"


def _application(case):
    return Application.objects.filter(case=case).first()


def is_withdrawn(case) -> bool:
    application = getattr(case, "application", None)
    return application is not None and application.withdrawn_at is not None


def format_check_started(case) -> bool:
    """Whether the review has gone past waiting for its first look: the case is not
    waiting at 形式审查 as submitted, or an editor has locked or saved it."""
    state = case.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return True
    task_state = state.current_task_state
    if task_state is None or not isinstance(task_state.task.specific, FormatCheckTask):
        return True
    if state.task_states.count() > 1:  # it went on and came back
        return True
    if case.locked:
        return True
    # Intake saves its revision without a user; any revision by someone is an editor's.
    return case.revisions.exclude(user=None).exists()


def withdrawable(case) -> bool:
    """Whether the status page offers 撤回 (and a POST may do it)."""
    return (
        _application(case) is not None
        and not is_withdrawn(case)
        and not case.live
        and not case.decision_note
        and not format_check_started(case)
    )


def withdraw(case) -> bool:
    """Withdraw the case if it still may be; False (nothing changed) if not."""
    with transaction.atomic():
        # Row locks: two clicks, or a click while an editor locks the page, go one by one.
        case = CasePage.objects.select_for_update().get(pk=case.pk)
        application = Application.objects.select_for_update().filter(case=case).first()
        if application is None or not withdrawable(case):
            return False
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["withdrawn_at", "updated_at"])
        case.current_workflow_state.cancel(user=None)
        # The applicant has no account: named as the entry's actor, not “系统”.
        actor = applicant_name(case)
        log(instance=case, action=ACTION, data={"number": case.submission_number, "actor": actor})
    return True
