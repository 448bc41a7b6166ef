"""Where a case stands, in the words its applicant reads on the private status page
(the link itself: cases/mail/links.py)."""


def stage_label(case):
    """Where the case stands, in the applicant's words."""
    if (application := getattr(case, "application", None)) and application.withdrawn_at:
        return "已撤回"
    if case.live:
        return "已发布：案例已收入公开案例库"
    if case.decision_note:
        return "未能入选"
    workflow_state = case.current_workflow_state
    if workflow_state is not None and workflow_state.current_task_state is not None:
        if workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
            return "需要修改"
        return f"审稿中：{workflow_state.current_task_state.task.name}"
    return "已收到申报，等待形式审查"


def request_for_changes(case):
    """The comment of a task that sent the case back, for the applicant to act on."""
    workflow_state = case.current_workflow_state
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_NEEDS_CHANGES:
        return ""
    task_state = workflow_state.current_task_state
    return task_state.comment if task_state else ""
