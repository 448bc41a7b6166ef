"""When an expert's review is due and when to remind them (no database)."""

from datetime import date, timedelta

# The phase of the notice during which the experts read (征集审稿阶段).
REVIEW_PHASE_WORD = "审稿"
# A reassigned case gives its new expert at least this many days.
REASSIGNED_DAYS = 7


def review_phase_end(phases):
    """The last day of the campaign's 审稿 phase (phases with name and ends_on), or None."""
    for phase in phases:
        if REVIEW_PHASE_WORD in (phase.name or "") and phase.ends_on is not None:
            return phase.ends_on
    return None


def reassigned_due_on(old_due_on: date | None, today: date) -> date:
    """The due date of a case handed to another expert: the old one, if still far enough."""
    fresh = today + timedelta(days=REASSIGNED_DAYS)
    return max(old_due_on, fresh) if old_due_on is not None else fresh


# A due date staff set by hand: not in the past, and within the year.
LONGEST_EXTENSION_DAYS = 365


def new_due_on_problem(new_due_on: date | None, old_due_on: date | None, today: date) -> str:
    """Why staff may not move an expert's due date there ("" when they may)."""
    if new_due_on is None:
        return "请选择新的评审截止日期。"
    if new_due_on < today:
        return "新的评审截止日期不能早于今天。"
    if new_due_on > today + timedelta(days=LONGEST_EXTENSION_DAYS):
        return "新的评审截止日期不能晚于一年以后。"
    if new_due_on == old_due_on:
        return "新的评审截止日期与原日期相同。"
    return ""


def reminder_kind(due_on: date | None, today: date, days_before: int):
    """ "before" on the day `days_before` days ahead of the due date (or later, when the
    assignment came late), "due" on the due day itself, else None. Overdue: None (staff
    see overdue assignments in the admin; experts are not nagged daily)."""
    if due_on is None:
        return None
    if today == due_on:
        return "due"
    if days_before > 0 and due_on - timedelta(days=days_before) <= today < due_on:
        return "before"
    return None


def is_overdue(due_on: date | None, today: date, done: bool) -> bool:
    return not done and due_on is not None and today > due_on
