"""What the case editor's information panels show (see CasePage.content_panels)."""

from django import template

from cases.text.content import case_findings

register = template.Library()


@register.simple_tag
def check_results(case):
    """The automatic checks of the saved case, or None before it is saved."""
    if case is None or case.pk is None or case.campaign_id is None:
        return None
    return case_findings(case)


@register.simple_tag
def expert_reviews(case):
    """The experts' submitted reviews of the case, in the order they came in."""
    if case is None or case.pk is None:
        return []
    assignments = case.assignments.filter(review__isnull=False).select_related("review")
    return [a.review for a in assignments.order_by("review__submitted_at")]


@register.simple_tag
def withdrawn_from_edition(book):
    """Cases the book's current edition prints that are no longer published."""
    return book.withdrawn_from_edition() if book is not None and book.pk else []
