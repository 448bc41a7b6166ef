"""Whether a case will be in the book (cases/review/selection.py), for the case editor
that 终审 decides in."""

from django import template

from cases.models import FinalApprovalTask
from cases.review.selection import book_place
from cases.review.workflow import current_task_state

register = template.Library()


@register.simple_tag
def case_book_place(case):
    """(at 终审, selected, BookPlace) for a saved case, or None before it is saved."""
    if case is None or case.pk is None:
        return None
    task_state = current_task_state(case)
    at_final = task_state is not None and isinstance(task_state.task.specific, FinalApprovalTask)
    return {
        "at_final": at_final,
        "selected": case.selected_for_compilation,
        "place": book_place(case, approving=at_final),
    }
